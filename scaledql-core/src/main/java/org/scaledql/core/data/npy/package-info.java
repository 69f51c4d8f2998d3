/**
 * Reading and writing NumPy {@code .npy} arrays (versions 1.0 to 3.0), streaming and gzip-aware, with a
 * bounded, fuzzed header parser.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.data.npy.NpyReader}: streams elements of a plain or gzip array in chunks.</li>
 *   <li>{@link org.scaledql.core.data.npy.NpyWriter}: streams an array out, atomically when writing a file.</li>
 *   <li>{@link org.scaledql.core.data.npy.NpyArray}: a small array loaded whole.</li>
 *   <li>{@link org.scaledql.core.data.npy.NpyHeader}, {@link org.scaledql.core.data.npy.NpyDtype},
 *       {@link org.scaledql.core.data.npy.NpyHeaderParser}: the header and its parser.</li>
 *   <li>{@link org.scaledql.core.data.npy.NpyFormatException}: a bad file, named in the message.</li>
 * </ul>
 */
package org.scaledql.core.data.npy;
