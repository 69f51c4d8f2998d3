package org.scaledql.core.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small checksummed container: a UTF-8 metadata string (JSON by convention) and named arrays, written
 * atomically. Layout (big-endian): magic {@code SQLARR01}, metadata length + bytes, array count, then per
 * array its name, dtype (0 float, 1 double, 2 int32, 3 int64), rank, shape and values (little-endian), and
 * finally the CRC32C of everything before it. Used for network parameters and training checkpoints.
 */
public final class ArrayCodec {

    private static final byte[] MAGIC = "SQLARR01".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NAME = 4096;
    private static final int MAX_RANK = 16;

    /** What a container holds. */
    public record Contents(String metadata, Map<String, INDArray> arrays) {
    }

    private ArrayCodec() {
    }

    /**
     * Writes {@code metadata} and {@code arrays} (in map order) to {@code file} atomically.
     *
     * @param file     the destination
     * @param metadata the metadata to store
     * @param arrays   the arrays by name
     * @throws IOException if reading or writing fails
     */
    public static void write(Path file, String metadata, Map<String, INDArray> arrays) throws IOException {
        AtomicFiles.write(file, raw -> {
            CRC32C crc = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.write(MAGIC);
            byte[] meta = metadata.getBytes(StandardCharsets.UTF_8);
            out.writeInt(meta.length);
            out.write(meta);
            out.writeInt(arrays.size());
            byte[] chunk = new byte[1 << 16];
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                INDArray a = e.getValue();
                out.writeUTF(e.getKey());
                int code = code(a.dataType(), e.getKey());
                out.writeByte(code);
                out.writeInt(a.rank());
                for (long d : a.shape()) {
                    out.writeLong(d);
                }
                ByteBuffer bytes = a.dup('c').data().asNio().order(ByteOrder.LITTLE_ENDIAN);
                long n = a.length() * a.dataType().width();
                bytes.position(0);
                bytes.limit((int) n);
                while (bytes.hasRemaining()) {
                    int len = Math.min(chunk.length, bytes.remaining());
                    bytes.get(chunk, 0, len);
                    out.write(chunk, 0, len);
                }
            }
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /**
     * Reads a container, verifying its magic and checksum.
     *
     * @param file the container file
     * @return its metadata and arrays
     * @throws IOException with the file name and what was wrong, if the file is truncated, corrupt or not a
     *                     container
     */
    public static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a scaledql array file (expected magic SQLARR01 at offset 0)");
            }
            int metaLen = in.readInt();
            check(metaLen >= 0 && metaLen <= size, file, "metadata length", metaLen);
            byte[] meta = new byte[metaLen];
            in.readFully(meta);
            int count = in.readInt();
            check(count >= 0 && count <= size, file, "array count", count);
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                check(name.length() <= MAX_NAME, file, "array name length", name.length());
                DataType type = type(in.readByte(), file, name);
                int rank = in.readInt();
                check(rank >= 0 && rank <= MAX_RANK, file, "rank of " + name, rank);
                long[] shape = new long[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    check(shape[d] >= 0, file, "shape of " + name, shape[d]);
                    n *= shape[d];
                }
                long bytes = n * type.width();
                check(bytes <= size && bytes <= Integer.MAX_VALUE, file, "byte size of " + name, bytes);
                byte[] data = new byte[(int) bytes];
                in.readFully(data);
                ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
                INDArray a = switch (type) {
                    case FLOAT -> { float[] v = new float[(int) n]; bb.asFloatBuffer().get(v); yield Nd4j.createFromArray(v); }
                    case DOUBLE -> { double[] v = new double[(int) n]; bb.asDoubleBuffer().get(v); yield Nd4j.createFromArray(v); }
                    case INT -> { int[] v = new int[(int) n]; bb.asIntBuffer().get(v); yield Nd4j.createFromArray(v); }
                    case LONG -> { long[] v = new long[(int) n]; bb.asLongBuffer().get(v); yield Nd4j.createFromArray(v); }
                    default -> throw new IllegalStateException("unreachable");
                };
                arrays.put(name, rank == 0 ? a.reshape() : a.reshape(shape));
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected) {
                throw new IOException(file + ": checksum mismatch (stored CRC32C " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(expected) + "); the file is corrupt");
            }
            if (raw.read() != -1) {
                throw new IOException(file + ": unexpected bytes after the checksum; the file is corrupt");
            }
            return new Contents(new String(meta, StandardCharsets.UTF_8), arrays);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated (ended before the checksum; " + size + " bytes)", e);
        }
    }

    private static int code(DataType t, String name) {
        return switch (t) {
            case FLOAT -> 0;
            case DOUBLE -> 1;
            case INT -> 2;
            case LONG -> 3;
            default -> throw new IllegalArgumentException("array " + name + ": unsupported dtype " + t
                    + " (expected FLOAT, DOUBLE, INT or LONG)");
        };
    }

    private static DataType type(int code, Path file, String name) throws IOException {
        return switch (code) {
            case 0 -> DataType.FLOAT;
            case 1 -> DataType.DOUBLE;
            case 2 -> DataType.INT;
            case 3 -> DataType.LONG;
            default -> throw new IOException(file + ": array " + name + " has dtype code " + code
                    + " (expected 0-3); the file is corrupt");
        };
    }

    private static void check(boolean ok, Path file, String field, long value) throws IOException {
        if (!ok) {
            throw new IOException(file + ": implausible " + field + " " + value + "; the file is corrupt");
        }
    }
}
