package org.scaledql.core.data.npy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip file (RFC 1952) and checks all of it, which {@link java.util.zip.GZIPInputStream} does
 * not: that class silently drops trailing bytes that do not form a gzip member, and checks a member's trailer
 * only when the caller reads past its last byte.
 *
 * <p>What is checked, member by member: the magic {@code 1f 8b}, compression method 8, reserved flag bits zero,
 * the optional fields (FEXTRA, FNAME, FCOMMENT are skipped, FHCRC is compared with the header's CRC-32), a
 * complete deflate stream, and the trailer's CRC-32 and ISIZE against the inflated data. Concatenated members
 * read as the concatenation of their data (RFC 1952, section 2.2; Python and GNU gzip do the same). After the
 * last member the stream must end: any trailing byte is an error, zero padding included (CPython skips trailing
 * zeros; we refuse them, since nothing that writes {@code .npy.gz} files pads them and a file that differs
 * from what was written is what this class exists to catch). {@code read} returns -1 only after all of that
 * passed, so a caller that reads to -1 has a verified file.
 *
 * <p>Every failure is an {@link NpyFormatException} that names the source, the byte offset in the compressed
 * stream and what was expected. Memory is the input buffer plus zlib's window, whatever the file size.
 */
final class StrictGzipInputStream extends InputStream {

    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED = 0xe0;

    private final InputStream in;
    private final String source;
    private final byte[] buf;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] one = new byte[1];
    /** Offset in the compressed stream of {@code buf[0]}. */
    private long bufStart;
    private int pos;
    private int lim;
    /** 1-based number of the member being read, and the offset of its first byte. */
    private int member;
    private long memberStart;
    /** Bytes inflated from the current member. */
    private long memberOut;
    /** True once the last member's trailer checked out and the stream ended. */
    private boolean eof;
    private boolean closed;

    /**
     * Reads and checks the first member's header.
     *
     * @param in         the compressed stream, owned from here on (closed by {@link #close()}); if this
     *                   constructor throws, the caller still owns it
     * @param source     name of the file, used in error messages
     * @param bufferSize input buffer size in bytes
     * @throws NpyFormatException if the stream does not start with a valid gzip header
     */
    StrictGzipInputStream(InputStream in, String source, int bufferSize) throws IOException {
        this.in = Objects.requireNonNull(in, "in");
        this.source = Objects.requireNonNull(source, "source");
        this.buf = new byte[bufferSize];
        try {
            readHeader();
        } catch (IOException | RuntimeException e) {
            inflater.end();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException(source + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            long before = inflater.getBytesRead();
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw error(inflaterOffset(), "corrupt deflate data in gzip member " + member + " (which starts at"
                        + " byte " + memberStart + "): " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberOut += n;
                return n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining();
                readTrailer();
                if (!atEnd()) {
                    readHeader();
                }
            } else if (inflater.needsDictionary()) {
                throw error(inflaterOffset(), "the deflate data of gzip member " + member + " asks for a preset"
                        + " dictionary, which gzip does not allow");
            } else if (inflater.needsInput()) {
                if (pos == lim && !fill()) {
                    throw error(offset(), "the file ends inside the deflate data of gzip member " + member
                            + " (which starts at byte " + memberStart + "; truncated file?)");
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim; // the inflater holds buf[pos, lim) now; inflaterOffset() tracks what it consumed
            } else if (inflater.getBytesRead() == before) {
                throw error(inflaterOffset(), "the inflater made no progress in gzip member " + member);
            }
        }
        return -1;
    }

    /** Closes the underlying stream and frees the inflater's native memory; checks nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            inflater.end();
            in.close();
        }
    }

    /** Offset of the next byte the inflater will consume. */
    private long inflaterOffset() {
        return bufStart + lim - inflater.getRemaining();
    }

    /** Offset of {@code buf[pos]}. */
    private long offset() {
        return bufStart + pos;
    }

    private NpyFormatException error(long at, String what) {
        return new NpyFormatException(source + ": at byte " + at + ": " + what);
    }

    /** Refills the (fully consumed) buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        bufStart += lim;
        pos = 0;
        lim = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        lim = n;
        return true;
    }

    /** True (and the stream is at its end) when no byte follows the current position. */
    private boolean atEnd() throws IOException {
        if (pos == lim && !fill()) {
            eof = true;
            return true;
        }
        return false;
    }

    /** The next byte, added to {@code headerCrc} when not null; the end of the stream is an error. */
    private int next(String field, CRC32 headerCrc) throws IOException {
        if (pos == lim && !fill()) {
            throw error(offset(), "the file ends inside the " + field + " of gzip member " + member
                    + " (which starts at byte " + memberStart + "; truncated file?)");
        }
        int b = buf[pos++] & 0xff;
        if (headerCrc != null) {
            headerCrc.update(b);
        }
        return b;
    }

    /** Reads a little-endian field of {@code bytes} bytes. */
    private long littleEndian(int bytes, String field, CRC32 headerCrc) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) next(field, headerCrc) << (8 * i);
        }
        return v;
    }

    /** Parses a member header (RFC 1952, section 2.3) and readies the inflater for its data. */
    private void readHeader() throws IOException {
        member++;
        memberStart = offset();
        CRC32 h = new CRC32();
        int id1 = next("magic", h);
        if (id1 != 0x1f) {
            throw badMagic(String.format("%02x", id1));
        }
        int id2 = next("magic", h);
        if (id2 != 0x8b) {
            throw badMagic(String.format("1f %02x", id2));
        }
        int cm = next("header", h);
        if (cm != 8) {
            throw error(memberStart + 2, "gzip member " + member + " has compression method " + cm
                    + "; expected 8 (deflate), the only one gzip defines");
        }
        int flg = next("header", h);
        if ((flg & RESERVED) != 0) {
            throw error(memberStart + 3, String.format("gzip member %d has flags 0x%02x; the reserved bits 0xe0 must"
                    + " be zero (RFC 1952)", member, flg));
        }
        littleEndian(6, "header", h); // MTIME, XFL, OS: informational
        if ((flg & FEXTRA) != 0) {
            long xlen = littleEndian(2, "FEXTRA length", h);
            for (long i = 0; i < xlen; i++) {
                next("FEXTRA field", h);
            }
        }
        if ((flg & FNAME) != 0) {
            while (next("FNAME field", h) != 0) {
                // skip the zero-terminated name
            }
        }
        if ((flg & FCOMMENT) != 0) {
            while (next("FCOMMENT field", h) != 0) {
                // skip the zero-terminated comment
            }
        }
        if ((flg & FHCRC) != 0) {
            long want = h.getValue() & 0xffff;
            long at = offset();
            long got = littleEndian(2, "header CRC-16", null);
            if (got != want) {
                throw error(at, String.format("the CRC-16 of gzip member %d's header is 0x%04x but its FHCRC field"
                        + " says 0x%04x", member, want, got));
            }
        }
        inflater.reset();
        crc.reset();
        memberOut = 0;
    }

    private NpyFormatException badMagic(String found) {
        if (member == 1) {
            return error(memberStart, "not a gzip file: expected the magic 1f 8b, found " + found);
        }
        return error(memberStart, "unexpected bytes after the end of gzip member " + (member - 1) + ": found "
                + found + (found.equals("00") ? " (zero padding is not accepted)" : "") + " where only the end of"
                + " the file or another gzip member (1f 8b) may follow");
    }

    /** Checks the trailer (CRC-32 and ISIZE, little-endian) of the member just inflated. */
    private void readTrailer() throws IOException {
        long at = offset();
        long wantCrc = littleEndian(4, "8-byte trailer", null);
        long wantSize = littleEndian(4, "8-byte trailer", null);
        long gotCrc = crc.getValue();
        long gotSize = memberOut & 0xffffffffL;
        if (gotCrc != wantCrc) {
            throw error(at, String.format("the CRC-32 of the data of gzip member %d is 0x%08x but its trailer says"
                    + " 0x%08x (corrupt file)", member, gotCrc, wantCrc));
        }
        if (gotSize != wantSize) {
            // ISIZE is the length mod 2^32; show it separately only where it differs from the length
            String got = memberOut == gotSize ? "" : " (ISIZE " + gotSize + ")";
            throw error(at + 4, String.format("gzip member %d inflates to %d bytes%s but its trailer says ISIZE %d"
                    + " (corrupt file)", member, memberOut, got, wantSize));
        }
    }
}
