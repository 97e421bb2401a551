package dev.vecgrad.autodiff;

import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.core.kernels.Team;
import java.util.ArrayList;
import java.util.Objects;

/**
 * A define-by-run tape: ops append nodes as they run, and {@link #backward} walks the nodes
 * once, in reverse, sending gradients to the inputs and finally to the {@link Param}s.
 *
 * <p>A tape is reused step after step: {@link #reset()} forgets the nodes of the step and
 * makes their objects and buffers available again (see {@link StepArena}), so a training
 * loop allocates no arrays once warm. A tape is not thread-safe: use one per thread.
 *
 * <pre>
 *   tape.reset();
 *   Node x = tape.constant(batch);
 *   Node h = Relu.apply(AddBias.apply(MatMul.apply(x, tape.param(w1)), tape.param(b1)));
 *   Node loss = ...;
 *   tape.backward(loss);            // w1.grad(), b1.grad() now hold dloss/dw1, dloss/db1
 * </pre>
 *
 * <p>Two settings shape a forward pass: the {@link Mode} (whether noise ops draw noise) and
 * {@link #setGradEnabled} (whether nodes are recorded for backward at all). Noise is drawn
 * from the counter-based RNG at (seed, stream, index), where the stream combines the noise
 * op's id with the tape's {@link #step()}: the same seed and step give the same noise.
 */
public final class Tape {

    /** The seed gradient of a scalar loss; only ever read. */
    private static final float[] ONE = {1f};

    private final Kernels kernels;
    private final StepArena arena = new StepArena();
    private final ArrayList<Node> nodes = new ArrayList<>();
    private int used;
    private boolean backwardDone;

    private Mode mode = Mode.TRAINING;
    private boolean gradEnabled = true;
    private boolean paramGrads = true;
    private Team team = Team.SOLO;
    private long seed;
    private long step;
    private long firstSample;

    /** A tape on the kernels {@link KernelProvider} chose for this JVM. */
    public Tape() {
        this(KernelProvider.get());
    }

    public Tape(Kernels kernels) {
        this.kernels = kernels;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** The threads the ops may split a batch over (see {@link #setTeam}); one unless set. */
    public Team team() {
        return team;
    }

    /**
     * Lets the ops that work sample by sample (convolutions, poolings, additive noise, dense
     * layers) split each batch over {@code team}'s threads. They split so that the results are
     * the same bits whatever the team's size.
     */
    public void setTeam(Team team) {
        this.team = Objects.requireNonNull(team, "team");
    }

    // ---------------------------------------------------------------- settings

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public boolean gradEnabled() {
        return gradEnabled;
    }

    /** With gradients off, ops compute values but record nothing: no backward, no saved buffers. */
    public void setGradEnabled(boolean enabled) {
        this.gradEnabled = enabled;
    }

    public boolean paramGrads() {
        return paramGrads;
    }

    /**
     * Whether {@link #param} leaves take gradients (true unless set). Off, a backward pass
     * reaches only the {@link #watch watched} inputs and never touches a {@link Param}'s
     * gradient: an input gradient computed beside a training run leaves its state alone.
     */
    public void setParamGrads(boolean enabled) {
        this.paramGrads = enabled;
    }

    /** The seed of every noise op on this tape. */
    public long seed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    /** The step number: noise ops draw from a stream that includes it, so each step's noise is fresh. */
    public long step() {
        return step;
    }

    public void setStep(long step) {
        if (step < 0 || step > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("step must be in [0, 2^32), got " + step);
        }
        this.step = step;
    }

    /**
     * Where this batch's first sample sits in the whole data of a pass. Noise ops start their
     * draws at {@code firstSample * (values per sample)}, so a pass over the data in batches
     * gives each sample its own draws, the same whatever the batch size. Monte Carlo prediction
     * sets it per batch (its batches share the pass's step); training leaves it at 0, as each of
     * its steps draws from a stream of its own. {@link #reset()} sets it back to 0.
     */
    public long firstSample() {
        return firstSample;
    }

    public void setFirstSample(long firstSample) {
        if (firstSample < 0) {
            throw new IllegalArgumentException("first sample must be >= 0, got " + firstSample);
        }
        this.firstSample = firstSample;
    }

    /**
     * The random stream of noise op {@code noiseId} at this step: the id in the high 32 bits,
     * the step in the low 32. Distinct (id, step) pairs never share a stream.
     */
    public long noiseStream(int noiseId) {
        if (noiseId < 0) {
            throw new IllegalArgumentException("noise id must be >= 0, got " + noiseId);
        }
        return ((long) noiseId << 32) | step;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Forgets this step's nodes; their objects and buffers serve the next step. Params are untouched. */
    public void reset() {
        used = 0;
        firstSample = 0;
        backwardDone = false;
        arena.reset();
    }

    /** Nodes recorded for backward since the last reset (leaves and unrecorded values excluded). */
    public int recordedNodes() {
        int count = 0;
        for (int i = 0; i < used; i++) {
            if (nodes.get(i).op != null && nodes.get(i).requiresGrad) {
                count++;
            }
        }
        return count;
    }

    /** Nodes of any kind handed out since the last reset. */
    public int nodeCount() {
        return used;
    }

    /** Floats held by the step buffers, for diagnostics. */
    public long bufferCapacity() {
        return arena.capacity();
    }

    private Node nextNode() {
        if (used == nodes.size()) {
            nodes.add(new Node(this));
        }
        Node node = nodes.get(used);
        node.clear(used);
        used++;
        return node;
    }

    // ---------------------------------------------------------------- leaves

    /** A constant: the tensor's array is used as is (not copied) and gets no gradient. */
    public Node constant(Tensor value) {
        Node node = nextNode();
        node.setShape(value);
        node.data = value.data();
        node.offset = value.offset();
        return node;
    }

    /**
     * A constant whose gradient is wanted (TensorFlow's {@code GradientTape.watch}): the array
     * is used as is, and after {@link #backward} its {@link Node#gradData()} holds the
     * gradient, or is null if the output does not depend on it.
     */
    public Node watch(Tensor value) {
        Node node = constant(value);
        node.requiresGrad = gradEnabled;
        return node;
    }

    /** A parameter: gradients reaching it are added to {@link Param#gradData()} (unless {@link #setParamGrads} is off). */
    public Node param(Param param) {
        Node node = nextNode();
        Tensor value = param.value();
        node.setShape(value);
        node.data = value.data();
        node.offset = 0;
        if (gradEnabled && paramGrads) {
            node.requiresGrad = true;
            node.grad = param.gradData();
            node.gradWritten = true;                  // a Param's gradient is only ever added to: zeroGrad clears it
        }
        return node;
    }

    // ---------------------------------------------------------------- for ops: making outputs

    /** An output of {@code op} with the shape of {@code like}, reading {@code a}. */
    public Node outputLike(Op op, Node like, Node a) {
        Node out = begin(op, a, null);
        out.setShape(like);
        return finish(out);
    }

    /** An output of {@code op} with the shape of {@code like}, reading {@code a} and {@code b}. */
    public Node outputLike(Op op, Node like, Node a, Node b) {
        Node out = begin(op, a, b);
        out.setShape(like);
        return finish(out);
    }

    /** A matrix output of {@code op}, reading {@code a} and {@code b}. */
    public Node outputMatrix(Op op, int rows, int cols, Node a, Node b) {
        Node out = begin(op, a, b);
        out.setMatrixShape(rows, cols);
        return finish(out);
    }

    /** A matrix output of {@code op}, reading {@code a}, {@code b} and {@code c} (a fused op). */
    public Node outputMatrix(Op op, int rows, int cols, Node a, Node b, Node c) {
        Node out = begin(op, a, b);
        out.addInput(c);
        out.requiresGrad |= gradEnabled && c.requiresGrad;
        out.setMatrixShape(rows, cols);
        return finish(out);
    }

    /** A matrix output of {@code op} reading five inputs (a fused two-layer op), with no varargs array. */
    public Node outputMatrix(Op op, int rows, int cols, Node a, Node b, Node c, Node d, Node e) {
        Node out = outputMatrix(op, rows, cols, a, b, c);
        out.addInput(d);
        out.addInput(e);
        out.requiresGrad |= gradEnabled && (d.requiresGrad || e.requiresGrad);
        return out;
    }

    /**
     * An output of {@code op} of any shape, reading one or more inputs (a pooling, a
     * concatenation). The varargs array is the only allocation: keep such ops off paths that
     * must not allocate.
     */
    public Node output(Op op, int[] shape, Node... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException(op.name() + ": an op output needs at least one input");
        }
        Node out = begin(op, inputs[0], null);
        for (int i = 1; i < inputs.length; i++) {
            out.addInput(inputs[i]);
            out.requiresGrad |= gradEnabled && inputs[i].requiresGrad;
        }
        out.setShape(shape);
        return finish(out);
    }

    /**
     * A batch of NHWC images from {@code op}, reading {@code a} and, unless null, {@code b} and
     * {@code c} (a convolution's input, kernel and bias). Unlike {@link #output} it allocates
     * nothing: no shape array, no varargs.
     */
    public Node outputImages(Op op, int batch, int height, int width, int channels, Node a, Node b, Node c) {
        Node out = begin(op, a, b);
        if (c != null) {
            out.addInput(c);
            out.requiresGrad |= gradEnabled && c.requiresGrad;
        }
        out.setImageShape(batch, height, width, channels);
        return finish(out);
    }

    /** A single-value (rank 0) output of {@code op}, reading {@code a} and, unless null, {@code b}. */
    public Node outputScalar(Op op, Node a, Node b) {
        Node out = begin(op, a, b);
        out.setScalarShape();
        return finish(out);
    }

    /**
     * An output of {@code op} with the given shape that shares {@code a}'s value array
     * instead of getting its own (a reshape is free).
     */
    public Node outputView(Op op, int[] shape, Node a) {
        Node out = begin(op, a, null);
        out.setShape(shape);
        if (out.size != a.size) {
            throw new IllegalArgumentException(op.name() + ": a view of shape " + Shapes.format(shape)
                    + " cannot hold the " + a.size + " elements of " + Shapes.format(a.shape()));
        }
        out.data = a.data;
        out.offset = a.offset;
        return out;
    }

    /** A {@code (rows, cols)} view of {@code a}'s values, as {@link #outputView}, without a shape array. */
    public Node outputMatrixView(Op op, int rows, int cols, Node a) {
        Node out = begin(op, a, null);
        out.setMatrixShape(rows, cols);
        if (out.size != a.size) {
            throw new IllegalArgumentException(op.name() + ": a view of shape (" + rows + ", " + cols
                    + ") cannot hold the " + a.size + " elements of " + Shapes.format(a.shape()));
        }
        out.data = a.data;
        out.offset = a.offset;
        return out;
    }

    private Node begin(Op op, Node a, Node b) {
        Node out = nextNode();
        out.op = op;
        out.addInput(a);
        out.requiresGrad = gradEnabled && a.requiresGrad;
        if (b != null) {
            out.addInput(b);
            out.requiresGrad |= gradEnabled && b.requiresGrad;
        }
        return out;
    }

    private Node finish(Node out) {
        out.data = arena.take(out.size);
        out.offset = 0;
        return out;
    }

    /** A scratch buffer of at least {@code size} floats, valid until the next reset. */
    public float[] buffer(int size) {
        return arena.take(size);
    }

    // ---------------------------------------------------------------- backward

    /** Back-propagates from a single-value node (a loss): d loss / d loss = 1. */
    public void backward(Node loss) {
        if (loss.size != 1) {
            throw new IllegalArgumentException("backward(loss) needs a single value; this node has shape "
                    + Shapes.format(loss.shape()) + ": use backward(node, upstream)");
        }
        backward(loss, ONE);
    }

    /**
     * Back-propagates {@code upstream} (the gradient of some scalar with respect to
     * {@code out}, same size as {@code out}) through every recorded node that {@code out}
     * depends on, adding the results into the parameters' gradients. One pass, in reverse
     * order of creation: no recursion, so graph depth is not limited by the stack.
     */
    public void backward(Node out, float[] upstream) {
        if (out.tape() != this) {
            throw new IllegalArgumentException("backward: the node belongs to another tape");
        }
        if (out.index >= used || nodes.get(out.index) != out) {
            throw new IllegalStateException("backward: the node is from before the last reset()");
        }
        if (!out.requiresGrad) {
            throw new IllegalStateException("backward: " + out + " does not depend on any parameter or watched input"
                    + (gradEnabled ? "" : " (gradients are disabled on this tape)"));
        }
        if (upstream.length < out.size) {
            throw new IllegalArgumentException("backward: upstream gradient has " + upstream.length
                    + " values for a node of " + out.size);
        }
        if (backwardDone) {
            throw new IllegalStateException("backward already ran on this step's graph; call reset() first");
        }
        backwardDone = true;
        kernels.axpby(out.size, 1f, upstream, 0, claimGrad(out), out.grad, 0);
        for (int i = out.index; i >= 0; i--) {
            Node node = nodes.get(i);
            if (node.op != null && node.requiresGrad && node.grad != null) {
                node.op.backward(node);
            }
        }
    }

    // ---------------------------------------------------------------- for ops: writing gradients

    /**
     * Claims {@code x}'s gradient for one contribution, and returns the BLAS {@code beta} to
     * write it with into {@link Node#gradData()}: 0 for the first contribution this step
     * (overwrite: the array comes from the step buffers and its old contents are stale, so the
     * kernel must not read them), 1 once something has been written (add). This is the one way
     * a backward rule writes a gradient: claim, then hand the beta to a kernel that takes one
     * ({@code gemm}, {@code axpby}, {@code reluBackward}, ...), or write
     * {@code value + beta * old} in a loop of its own.
     */
    public float claimGrad(Node x) {
        if (x.grad == null) {
            x.grad = arena.take(x.size);
        }
        float beta = x.gradWritten ? 1f : 0f;
        x.gradWritten = true;
        return beta;
    }

    /**
     * Passes {@code out}'s gradient on to {@code x} unchanged: the backward rule of an op that
     * is the identity on x (a reshape, an added bias or noise). When out is x's only use and x
     * has no gradient yet, x takes out's gradient array as its own and nothing is copied (one
     * input at most takes it, and out's backward rule is the last to read it as out's);
     * otherwise the values are added to x's gradient as {@link #claimGrad} describes.
     */
    public void passGrad(Node out, Node x) {
        if (x.grad == null && x.uses == 1 && !out.gradPassedOn) {
            x.grad = out.grad;
            x.gradWritten = true;
            out.gradPassedOn = true;
            return;
        }
        kernels.axpby(out.size, 1f, out.grad, 0, claimGrad(x), x.grad, 0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tape(").append(mode).append(gradEnabled ? ", grad" : ", no grad")
                .append(", step ").append(step).append(")");
        for (int i = 0; i < used; i++) {
            Node n = nodes.get(i);
            sb.append("\n  #").append(i).append(' ').append(n.op == null ? "leaf" : n.op.name())
                    .append(Shapes.format(n.shape()));
            if (n.inputCount > 0) {
                sb.append(" <- ");
                for (int k = 0; k < n.inputCount; k++) {
                    sb.append(k == 0 ? "#" : ", #").append(n.inputs[k].index);
                }
            }
        }
        return sb.toString();
    }
}
