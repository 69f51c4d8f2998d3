/**
 * Serialization and file handling shared across scaledql: the JSON mapper for config records, atomic file
 * writes, and directory locks.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.io.Json}: the Jackson mapper with type tags for polymorphic configs.</li>
 *   <li>{@link org.scaledql.core.io.AtomicFiles}: write to a temporary file, then rename.</li>
 *   <li>{@link org.scaledql.core.io.ArrayCodec}: named arrays to and from a checksummed binary stream.</li>
 *   <li>{@link org.scaledql.core.io.DirectoryLock}: one writer per directory (an OS file lock).</li>
 *   <li>{@link org.scaledql.core.io.OwnedTempDirectory}: a writer's locked working folder; a killed writer's
 *       leftovers are removed by the next writer.</li>
 * </ul>
 */
package org.scaledql.core.io;
