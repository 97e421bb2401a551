package dev.vecgrad.core;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A dense float32 tensor: a contiguous row-major run of a {@code float[]} with a shape.
 *
 * <p>The run starts at {@link #offset()} and holds {@link #size()} elements; the last
 * dimension varies fastest. Views ({@link #reshape}, {@link #rows}) share the array, so
 * they are free and writes through one are seen through the other. Transposes are not
 * views: the kernels take transpose flags instead.
 *
 * <p>Kernels work on the raw array ({@link #data()}, {@link #offset()}); this class only
 * keeps the shape honest.
 *
 * <p>Serializable (a study's data and results cross JVMs as Spark tasks), as its shape and its
 * own elements only: a view does not drag the whole array it lives in along, and it is read
 * back as a tensor of its own.
 */
public final class Tensor implements Serializable {

    private static final long serialVersionUID = 1L;

    private final float[] data;
    private final int offset;
    private final int[] shape;
    private final int size;

    private Tensor(float[] data, int offset, int[] shape) {
        this.size = Shapes.checkedSize(shape);
        if (data == null) {
            throw new NullPointerException("data");
        }
        if (offset < 0 || (long) offset + size > data.length) {
            throw new IllegalArgumentException("a tensor of shape " + Shapes.format(shape)
                    + " (" + size + " elements) at offset " + offset
                    + " does not fit in an array of length " + data.length);
        }
        this.data = data;
        this.offset = offset;
        this.shape = shape.clone();
    }

    /** A new tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shapes.checkedSize(shape)], 0, shape);
    }

    /** A new tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /**
     * Wraps {@code data} (not copied) as a tensor of the given shape.
     *
     * @throws IllegalArgumentException if the array's length is not the shape's size
     */
    public static Tensor wrap(float[] data, int... shape) {
        if (data.length != Shapes.checkedSize(shape)) {
            throw new IllegalArgumentException("an array of length " + data.length
                    + " cannot be a tensor of shape " + Shapes.format(shape)
                    + " (" + Shapes.checkedSize(shape) + " elements)");
        }
        return new Tensor(data, 0, shape);
    }

    /** A view of part of {@code data}, starting at {@code offset} (not copied). */
    public static Tensor view(float[] data, int offset, int... shape) {
        return new Tensor(data, offset, shape);
    }

    /** A matrix from rows of equal length (copied). */
    public static Tensor of(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a matrix needs at least one row");
        }
        int cols = rows[0].length;
        Tensor t = zeros(rows.length, cols);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length
                        + " values but row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, t.data, r * cols, cols);
        }
        return t;
    }

    /** The backing array; element {@code i} of this tensor is {@code data()[offset() + i]}. */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end, as in numpy. */
    public int dim(int axis) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " of a tensor of shape "
                    + Shapes.format(shape));
        }
        return shape[a];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Rows of a matrix view: the first dimension. Requires rank 2. */
    public int rows() {
        requireRank(2);
        return shape[0];
    }

    /** Columns of a matrix view: the second dimension. Requires rank 2. */
    public int cols() {
        requireRank(2);
        return shape[1];
    }

    /**
     * The same elements under another shape, sharing the array. One dimension may be
     * {@code -1}, meaning "whatever makes the sizes agree".
     */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, offset, Shapes.resolveReshape(shape, newShape));
    }

    /** Rows {@code [from, to)} along the first dimension, sharing the array. */
    public Tensor rows(int from, int to) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a scalar has no rows");
        }
        if (from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a tensor of shape "
                    + Shapes.format(shape));
        }
        int[] s = shape.clone();
        s[0] = to - from;
        int rowSize = shape[0] == 0 ? 0 : size / shape[0];
        return new Tensor(data, offset + from * rowSize, s);
    }

    /** Element at a multi-index. Meant for tests and small work, not for loops over data. */
    public float get(int... index) {
        return data[offset + flatIndex(index)];
    }

    public void set(float value, int... index) {
        data[offset + flatIndex(index)] = value;
    }

    /** A fresh, compact copy of the elements. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** A deep copy with its own array. */
    public Tensor copy() {
        return new Tensor(toArray(), 0, shape);
    }

    /** Copies {@code src}'s elements into this tensor; the shapes must be equal. */
    public void copyFrom(Tensor src) {
        Shapes.requireSame("copyFrom", shape, src.shape);
        System.arraycopy(src.data, src.offset, data, offset, size);
    }

    /** Sets every element to {@code value}. */
    public void fill(float value) {
        Arrays.fill(data, offset, offset + size, value);
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("an index of rank " + index.length
                    + " for a tensor of shape " + Shapes.format(shape));
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index)
                        + " is outside shape " + Shapes.format(shape));
            }
            flat = flat * shape[d] + index[d];
        }
        return flat;
    }

    private void requireRank(int rank) {
        if (shape.length != rank) {
            throw new IllegalStateException("expected a tensor of rank " + rank + ", got shape "
                    + Shapes.format(shape));
        }
    }

    /** Shape and, for small tensors, the values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.format(shape));
        if (size <= 16) {
            sb.append(Arrays.toString(toArray()));
        }
        return sb.toString();
    }

    /** What is written in place of a tensor: its shape and a copy of its elements. */
    private Object writeReplace() {
        return new Serialized(shape, toArray());
    }

    /** A stream holding a tensor's fields themselves was not written by {@link #writeReplace}: refused. */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a tensor is read through its serialized form");
    }

    /** A tensor as written: read back through {@link #wrap}, so a bad shape is refused as there. */
    private record Serialized(int[] shape, float[] values) implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return wrap(values, shape);
        }
    }
}
