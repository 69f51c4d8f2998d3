package org.scaledql.core.data.npy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the preamble and header dict of a {@code .npy} stream. Robust by construction: the header length
 * is bounded by {@link #MAX_HEADER_BYTES} before anything is allocated, the dict is read by a single-pass
 * tokenizer that always advances, and every failure is an {@link NpyFormatException} naming the source.
 */
public final class NpyHeaderParser {

    /** Largest header accepted (numpy itself refuses headers over 10,000 bytes unless told otherwise). */
    public static final int MAX_HEADER_BYTES = 65_536;

    /** Largest number of dimensions accepted (numpy's limit is 64). */
    public static final int MAX_DIMS = 64;

    private NpyHeaderParser() {
    }

    /**
     * Reads the preamble and header from {@code in}, leaving it at the first data byte.
     *
     * @param in     the stream, at its start
     * @param source name of the file or stream, used in error messages
     * @return the header
     * @throws IOException if reading or writing fails
     */
    public static NpyHeader read(InputStream in, String source) throws IOException {
        byte[] pre = readFully(in, 8, source, "magic and version");
        for (int i = 0; i < 6; i++) {
            if (pre[i] != NpyHeader.MAGIC[i]) {
                throw new NpyFormatException(source + ": not a .npy file: bytes 0-5 must be the magic \\x93NUMPY; got "
                        + hex(pre, 6));
            }
        }
        int major = pre[6] & 0xff;
        int minor = pre[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(source + ": unsupported .npy version " + major + "." + minor
                    + " at offset 6; expected 1.0, 2.0 or 3.0");
        }
        long len;
        int preLen;
        if (major == 1) {
            byte[] l = readFully(in, 2, source, "HEADER_LEN");
            len = (l[0] & 0xff) | (l[1] & 0xff) << 8;
            preLen = 10;
        } else {
            byte[] l = readFully(in, 4, source, "HEADER_LEN");
            len = (l[0] & 0xffL) | (l[1] & 0xffL) << 8 | (l[2] & 0xffL) << 16 | (l[3] & 0xffL) << 24;
            preLen = 12;
        }
        if (len > MAX_HEADER_BYTES) {
            throw new NpyFormatException(source + ": HEADER_LEN at offset 8 is " + len + " bytes; at most "
                    + MAX_HEADER_BYTES + " are accepted");
        }
        byte[] raw = readFully(in, (int) len, source, "header dict");
        String text;
        try {
            text = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(source + ": header dict is not valid UTF-8 (version 3.0 header)", e);
        }
        return parseDict(text, major, preLen + len, source);
    }

    /** Parses the header dict text (exposed for tests and fuzzing). */
    static NpyHeader parseDict(String text, int major, long dataOffset, String source) throws NpyFormatException {
        Tokenizer t = new Tokenizer(text, source);
        String descr = null;
        Boolean fortran = null;
        long[] shape = null;
        t.skipWs();
        t.expect('{');
        t.skipWs();
        while (!t.peekIs('}')) {
            String key = t.string();
            t.skipWs();
            t.expect(':');
            t.skipWs();
            switch (key) {
                case "descr" -> {
                    if (descr != null) {
                        throw t.error("duplicate key 'descr'");
                    }
                    if (!t.peekIs('\'') && !t.peekIs('"')) {
                        throw t.error("'descr' must be a simple type string such as '<f4'; structured and object"
                                + " dtypes are not supported");
                    }
                    descr = t.string();
                }
                case "fortran_order" -> {
                    if (fortran != null) {
                        throw t.error("duplicate key 'fortran_order'");
                    }
                    fortran = t.bool();
                }
                case "shape" -> {
                    if (shape != null) {
                        throw t.error("duplicate key 'shape'");
                    }
                    shape = t.tuple();
                }
                default -> throw t.error("unexpected key '" + key + "'; expected 'descr', 'fortran_order', 'shape'");
            }
            t.skipWs();
            if (t.peekIs(',')) {
                t.expect(',');
                t.skipWs();
            } else if (!t.peekIs('}')) {
                throw t.error("expected ',' or '}'");
            }
        }
        t.expect('}');
        t.skipWs();
        if (!t.atEnd()) {
            throw t.error("unexpected text after the header dict");
        }
        if (descr == null || fortran == null || shape == null) {
            throw new NpyFormatException(source + ": header dict must have 'descr', 'fortran_order' and 'shape'; got "
                    + abbreviate(text));
        }
        if (fortran) {
            throw new NpyFormatException(source + ": header has fortran_order True; only C-order arrays are supported"
                    + " (save with np.ascontiguousarray)");
        }
        if (descr.length() < 2) {
            throw new NpyFormatException(source + ": descr '" + descr + "' is not a supported type");
        }
        char o = descr.charAt(0);
        NpyDtype dtype = "<>|=".indexOf(o) >= 0 ? NpyDtype.fromCode(descr.substring(1)) : null;
        if (dtype == null) {
            throw new NpyFormatException(source + ": descr '" + descr + "' is not supported; expected one of"
                    + " u1, i1, b1, i4, i8, f4, f8 with byte order <, > or | (object/pickled arrays are refused)");
        }
        if (o == '|' && dtype.itemSize() > 1) {
            throw new NpyFormatException(source + ": descr '" + descr + "' lacks a byte order; expected '<' or '>'");
        }
        ByteOrder order = o == '>' ? ByteOrder.BIG_ENDIAN : (o == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN);
        try {
            return new NpyHeader(major, dtype, order, shape, dataOffset);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new NpyFormatException(source + ": shape " + java.util.Arrays.toString(shape)
                    + " has too many elements (the element count must fit a signed 64-bit integer)", e);
        }
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] b;
        try {
            b = in.readNBytes(n);
        } catch (EOFException e) {
            throw new NpyFormatException(source + ": stream ended inside the " + what + " (truncated file?)", e);
        }
        if (b.length < n) {
            throw new NpyFormatException(source + ": stream ended inside the " + what + ": expected " + n
                    + " bytes, got " + b.length + " (truncated file?)");
        }
        return b;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(String.format("%02x", b[i] & 0xff));
        }
        return s.toString();
    }

    static String abbreviate(String s) {
        String t = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A single-pass tokenizer over the Python dict literal; every method consumes input or throws. */
    private static final class Tokenizer {
        private final String s;
        private final String source;
        private int pos;

        Tokenizer(String s, String source) {
            this.s = s;
            this.source = source;
        }

        NpyFormatException error(String what) {
            return new NpyFormatException(source + ": malformed header dict at character " + pos + ": " + what
                    + "; header was " + abbreviate(s));
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        boolean peekIs(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        void skipWs() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t'
                    || s.charAt(pos) == '\r' || s.charAt(pos) == '\0')) {
                pos++;
            }
        }

        void expect(char c) throws NpyFormatException {
            if (!peekIs(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        String string() throws NpyFormatException {
            if (!peekIs('\'') && !peekIs('"')) {
                throw error("expected a quoted string");
            }
            char q = s.charAt(pos++);
            int end = s.indexOf(q, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String v = s.substring(pos, end);
            if (v.indexOf('\\') >= 0) {
                throw error("escape sequences are not supported in header strings");
            }
            pos = end + 1;
            return v;
        }

        boolean bool() throws NpyFormatException {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("expected True or False");
        }

        long[] tuple() throws NpyFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            boolean comma = false;
            skipWs();
            while (!peekIs(')')) {
                if (dims.size() >= MAX_DIMS) {
                    throw error("more than " + MAX_DIMS + " dimensions");
                }
                dims.add(integer());
                comma = false;
                skipWs();
                if (peekIs(',')) {
                    pos++;
                    comma = true;
                    skipWs();
                } else if (!peekIs(')')) {
                    throw error("expected ',' or ')' in the shape tuple");
                }
            }
            expect(')');
            if (dims.size() == 1 && !comma) {
                // "(5)" is an int in Python, not a tuple; numpy always writes "(5,)".
                throw error("a 1-d shape must be written (N,), not (N)");
            }
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = dims.get(i);
            }
            return out;
        }

        long integer() throws NpyFormatException {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
                if (pos - start > 19) {
                    throw error("shape size too large");
                }
            }
            if (pos == start) {
                throw error("expected a non-negative integer shape size");
            }
            long v;
            try {
                v = Long.parseLong(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("shape size out of range");
            }
            if (peekIs('L')) {
                pos++; // Python 2 long suffix
            }
            return v;
        }
    }
}
