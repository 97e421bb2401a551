package dev.vecgrad.autodiff;

import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import java.util.Arrays;

/**
 * A value in the graph: a leaf (a constant or a {@link Param}) or the output of an op,
 * with the op and its inputs, so that {@link Tape#backward} can send gradients back.
 *
 * <p>Nodes belong to a {@link Tape} and are recycled: a node is valid until the tape's next
 * {@link Tape#reset()}; after that the same object describes something else. Keep
 * {@link #value()} copies (or {@link Param}s), not nodes, across steps.
 *
 * <p>The value is {@link #size()} floats of {@link #data()} from {@link #offset()}, row-major
 * in {@link #shape()}. The gradient, once backward has reached this node, is
 * {@link #gradData()} from offset 0.
 */
public final class Node {

    /** Enough for NHWC images; checked when a shape is set. */
    public static final int MAX_RANK = 6;

    private final Tape tape;
    int index;                       // position in the tape: inputs always have smaller ones

    // How it was made.
    Op op;
    Node[] inputs = new Node[2];
    int inputCount;
    boolean requiresGrad;

    // Its value.
    float[] data;
    int offset;
    final int[] dims = new int[MAX_RANK];
    int rank;
    int size;

    // Its gradient, and whether anything has been written to it yet this step.
    float[] grad;
    boolean gradWritten;
    // How many times ops have taken it as an input this step, and whether its gradient array
    // has been handed on to an input as that input's own (Tape.passGrad).
    int uses;
    boolean gradPassedOn;

    // Per-op attributes: a scalar (a scale factor, a rate) and a saved buffer (a noise draw).
    float scalar;
    float[] saved;

    Node(Tape tape) {
        this.tape = tape;
    }

    /** Forgets everything of the previous step. */
    void clear(int newIndex) {
        index = newIndex;
        op = null;
        for (int i = 0; i < inputCount; i++) {
            inputs[i] = null;
        }
        inputCount = 0;
        requiresGrad = false;
        data = null;
        offset = 0;
        rank = 0;
        size = 1;
        grad = null;
        gradWritten = false;
        uses = 0;
        gradPassedOn = false;
        scalar = 0f;
        saved = null;
    }

    // ---------------------------------------------------------------- reading

    public Tape tape() {
        return tape;
    }

    /** The op that made this node, or null for a leaf. */
    public Op op() {
        return op;
    }

    public int inputCount() {
        return inputCount;
    }

    public Node input(int i) {
        if (i < 0 || i >= inputCount) {
            throw new IndexOutOfBoundsException("input " + i + " of a node with " + inputCount + " inputs");
        }
        return inputs[i];
    }

    /** Whether a gradient will flow to this node (gradients are on and it depends on a parameter). */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    public int rank() {
        return rank;
    }

    public int dim(int axis) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IndexOutOfBoundsException("axis " + axis + " of a node of shape " + Shapes.format(shape()));
        }
        return dims[a];
    }

    /** A copy of the shape. */
    public int[] shape() {
        return Arrays.copyOf(dims, rank);
    }

    public int size() {
        return size;
    }

    /** The array holding the value (possibly longer than the value: use {@link #offset()} and {@link #size()}). */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    /** The value as a tensor view (shares the array; valid until the tape's next reset). */
    public Tensor value() {
        return Tensor.view(data, offset, shape());
    }

    /** The value as a scalar; the node must hold exactly one element. */
    public float item() {
        if (size != 1) {
            throw new IllegalStateException("item() needs a single value, the node has shape " + Shapes.format(shape()));
        }
        return data[offset];
    }

    /**
     * The gradient array (from offset 0), or null if backward has not reached this node. A node
     * whose op passes its gradient through unchanged may have handed this array on to that
     * input, whose gradient it then also is ({@link Tape#passGrad}).
     */
    public float[] gradData() {
        return grad;
    }

    /** The gradient as a tensor view, or null if backward has not reached this node. */
    public Tensor grad() {
        return grad == null ? null : Tensor.view(grad, 0, shape());
    }

    /** An op's scalar attribute (for example the factor of a scale). */
    public float scalar() {
        return scalar;
    }

    /** An op's saved buffer (for example the noise it drew), or null. */
    public float[] saved() {
        return saved;
    }

    // ---------------------------------------------------------------- for ops

    /** Sets the op's scalar attribute. */
    public void setScalar(float value) {
        scalar = value;
    }

    /** Takes a buffer of {@link #size()} floats from the tape for the op to save something in, and returns it. */
    public float[] saveBuffer() {
        saved = tape.buffer(size);
        return saved;
    }

    /** Keeps {@code buffer} (usually from {@link Tape#buffer(int)}) as the op's saved buffer. */
    public void setSaved(float[] buffer) {
        saved = buffer;
    }

    /** Whether this node has the same shape as {@code other}. */
    public boolean sameShape(Node other) {
        if (rank != other.rank) {
            return false;
        }
        for (int d = 0; d < rank; d++) {
            if (dims[d] != other.dims[d]) {
                return false;
            }
        }
        return true;
    }

    void setShape(int[] shape) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " is above the supported " + MAX_RANK);
        }
        rank = shape.length;
        System.arraycopy(shape, 0, dims, 0, rank);
        size = Shapes.checkedSize(shape);
    }

    /** The shape of a tensor, read axis by axis (no copy of its shape array). */
    void setShape(Tensor like) {
        if (like.rank() > MAX_RANK) {
            throw new IllegalArgumentException("rank " + like.rank() + " is above the supported " + MAX_RANK);
        }
        rank = like.rank();
        for (int d = 0; d < rank; d++) {
            dims[d] = like.dim(d);
        }
        size = like.size();
    }

    void setShape(Node like) {
        rank = like.rank;
        System.arraycopy(like.dims, 0, dims, 0, rank);
        size = like.size;
    }

    void setMatrixShape(int rows, int cols) {
        rank = 2;
        dims[0] = rows;
        dims[1] = cols;
        size = Math.multiplyExact(rows, cols);
    }

    void setImageShape(int batch, int height, int width, int channels) {
        rank = 4;
        dims[0] = batch;
        dims[1] = height;
        dims[2] = width;
        dims[3] = channels;
        size = Math.multiplyExact(Math.multiplyExact(batch, height), Math.multiplyExact(width, channels));
    }

    void setScalarShape() {
        rank = 0;
        size = 1;
    }

    void addInput(Node input) {
        if (input.tape != tape) {
            throw new IllegalArgumentException("inputs come from different tapes");
        }
        if (inputCount == inputs.length) {
            inputs = Arrays.copyOf(inputs, inputs.length * 2);
        }
        inputs[inputCount++] = input;
        input.uses++;
    }

    @Override
    public String toString() {
        return (op == null ? "leaf" : op.name()) + Shapes.format(shape()) + " #" + index;
    }
}
