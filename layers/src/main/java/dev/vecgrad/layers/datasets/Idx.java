package dev.vecgrad.layers.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an IDX file of unsigned bytes, the format of MNIST and Fashion-MNIST, raw or gzipped
 * (told apart by the gzip magic bytes, not by the name). The header is two zero bytes, the
 * element type ({@code 0x08}: unsigned byte), the number of dimensions, then each dimension
 * as a big-endian 32-bit integer; the elements follow, row-major.
 *
 * <p>Everything that can be wrong is refused with the file named: a wrong magic or element
 * type, dimensions other than expected, fewer or more element bytes than the dimensions say,
 * a broken or cut gzip stream. A forged header cannot make the reader allocate more than the
 * file holds: a raw file's size is checked against the dimensions before the elements are
 * read, and a gzipped file's elements are read in chunks, so reading stops where its data does.
 */
public final class Idx {

    /** The element type code of unsigned bytes, the only one these data sets use. */
    static final int UNSIGNED_BYTE = 0x08;

    private Idx() {
    }

    /** An IDX array: its dimensions and its elements, unsigned bytes, row-major. */
    public record Array(int[] dims, byte[] data) {

        /** Element {@code i} as an int in [0, 255]. */
        public int at(int i) {
            return data[i] & 0xFF;
        }
    }

    /**
     * Reads {@code file}, which must hold unsigned bytes in {@code dims.length} dimensions;
     * {@code dims[d] > 0} must match exactly, {@code dims[d] == -1} takes any size.
     */
    public static Array read(Path file, int... dims) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        long fileSize = Files.size(file);
        boolean gzipped = isGzip(file);
        try (InputStream in = gzipped ? new GZIPInputStream(Files.newInputStream(file), 1 << 16)
                : Files.newInputStream(file)) {
            byte[] head = readFully(in, 4, file, "the header");
            if (head[0] != 0 || head[1] != 0) {
                throw bad(file, String.format("not an IDX file: it starts with 0x%02x%02x, not 0x0000",
                        head[0] & 0xFF, head[1] & 0xFF));
            }
            if ((head[2] & 0xFF) != UNSIGNED_BYTE) {
                throw bad(file, String.format("element type 0x%02x, expected 0x08 (unsigned byte)", head[2] & 0xFF));
            }
            int rank = head[3] & 0xFF;
            if (rank != dims.length) {
                throw bad(file, rank + " dimensions, expected " + dims.length);
            }
            byte[] dimBytes = readFully(in, 4 * rank, file, "the dimensions");
            // Big-endian, and read as unsigned so that a size past 2^31 shows as what the file says.
            long[] sizes = new long[rank];
            for (int d = 0; d < rank; d++) {
                sizes[d] = ((dimBytes[4 * d] & 0xFFL) << 24) | ((dimBytes[4 * d + 1] & 0xFFL) << 16)
                        | ((dimBytes[4 * d + 2] & 0xFFL) << 8) | (dimBytes[4 * d + 3] & 0xFFL);
            }
            int[] actual = new int[rank];
            long count = 1;
            for (int d = 0; d < rank; d++) {
                if (sizes[d] > Integer.MAX_VALUE || (dims[d] >= 0 && sizes[d] != dims[d])) {
                    throw bad(file, "dimensions " + Arrays.toString(sizes) + ", expected " + describe(dims));
                }
                actual[d] = (int) sizes[d];
            }
            for (long size : sizes) {
                // Forged sizes can multiply past a long; a count that large fits nothing anyway.
                count = size == 0 || count <= Long.MAX_VALUE / size ? count * size : Long.MAX_VALUE;
            }
            long header = 4L + 4L * rank;
            if (!gzipped && count != fileSize - header) {
                throw bad(file, "dimensions " + Arrays.toString(actual) + " need " + count + " element bytes, but the file"
                        + " holds " + (fileSize - header) + (count > fileSize - header ? " (truncated)" : ""));
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw bad(file, count + " elements do not fit in one Java array");
            }
            // readNBytes gathers chunks as they come: it never allocates the count a header claims up front.
            byte[] data = readFully(in, (int) count, file, "the elements");
            if (in.read() != -1) {
                throw bad(file, "more bytes after the " + count + " elements the dimensions give");
            }
            return new Array(actual, data);
        } catch (ZipException | EOFException e) {
            throw bad(file, "broken or cut gzip stream (" + e.getMessage() + ")");
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static byte[] readFully(InputStream in, int n, Path file, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw bad(file, "truncated: " + what + " need " + n + " bytes, " + bytes.length + " are there");
        }
        return bytes;
    }

    private static String describe(int[] dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < dims.length; d++) {
            sb.append(d > 0 ? ", " : "").append(dims[d] < 0 ? "any" : Integer.toString(dims[d]));
        }
        return sb.append(']').toString();
    }

    private static IdxFormatException bad(Path file, String what) {
        return new IdxFormatException(file + ": " + what);
    }
}
