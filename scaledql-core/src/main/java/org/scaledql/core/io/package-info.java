/**
 * Serialization shared across scaledql: the JSON mapper for config records, and atomic file writes.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.io.Json}: the Jackson mapper with type tags for polymorphic configs.</li>
 *   <li>{@link org.scaledql.core.io.AtomicFiles}: write to a temporary file, then rename.</li>
 *   <li>{@link org.scaledql.core.io.ArrayCodec}: named arrays to and from a checksummed binary stream.</li>
 * </ul>
 */
package org.scaledql.core.io;
