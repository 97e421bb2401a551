package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.ops.Add;
import dev.vecgrad.autodiff.ops.ConcatColumns;
import dev.vecgrad.autodiff.ops.Linear;
import dev.vecgrad.autodiff.ops.MatMul;
import dev.vecgrad.autodiff.ops.Mul;
import dev.vecgrad.autodiff.ops.Reshape;
import dev.vecgrad.autodiff.ops.Sigmoid;
import dev.vecgrad.autodiff.ops.SliceColumns;
import dev.vecgrad.autodiff.ops.Tanh;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.initializers.GlorotUniform;
import dev.vecgrad.layers.initializers.Initializer;
import dev.vecgrad.layers.initializers.Orthogonal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keras's {@code LSTM(units)} on sequences of shape {@code (timesteps, features)}, with
 * Keras's layout and defaults: a kernel {@code W (features, 4 units)} (Glorot-uniform), a
 * recurrent kernel {@code U (units, 4 units)} (orthogonal), a bias {@code (4 units)} (zeros,
 * with the forget gate's quarter set to 1, "unit forget bias"); the gates in the order
 * input, forget, cell, output; tanh and sigmoid. From zero states, for each step t:
 * <pre>
 *   z = x_t W + h_{t-1} U + b            split into four (batch, units) blocks:
 *   i = sigmoid(z_i)   f = sigmoid(z_f)   g = tanh(z_c)   o = sigmoid(z_o)
 *   c_t = f * c_{t-1} + i * g            h_t = o * tanh(c_t)
 * </pre>
 * The output is the last {@code h} ({@code (batch, units)}), or with
 * {@code returnSequences(true)} every {@code h} ({@code (batch, timesteps, units)}).
 *
 * <p>The cell is unrolled on the tape, one set of small ops per step, so backward is
 * backpropagation through time with no extra code. The input part {@code x_t W + b} of all
 * steps is one product over {@code (batch * timesteps)} rows before the loop.
 */
public final class LSTM extends Layer {

    /** Every step becomes a dozen nodes on the tape; beyond this, a sequence does not fit a step's graph sensibly. */
    public static final int MAX_TIMESTEPS = 1 << 16;

    private final int units;
    private boolean returnSequences;
    private boolean unitForgetBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer recurrentInitializer = new Orthogonal();

    private int timesteps;
    private int features;
    private SliceColumns[] steps;      // step t's block of x W + b
    private SliceColumns[] gates;      // i, f, c, o within one step's block
    private Param kernel;
    private Param recurrentKernel;
    private Param bias;

    public LSTM(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("LSTM needs at least 1 unit, got " + units);
        }
        this.units = units;
    }

    /** Keras's {@code return_sequences}: output every step's h, not just the last. */
    public LSTM returnSequences(boolean all) {
        requireNotBuilt();
        this.returnSequences = all;
        return this;
    }

    /** Keras's {@code unit_forget_bias} (default true): start the forget gate's bias at 1. */
    public LSTM unitForgetBias(boolean on) {
        requireNotBuilt();
        this.unitForgetBias = on;
        return this;
    }

    public LSTM kernelInitializer(Initializer initializer) {
        requireNotBuilt();
        this.kernelInitializer = Objects.requireNonNull(initializer);
        return this;
    }

    public LSTM recurrentInitializer(Initializer initializer) {
        requireNotBuilt();
        this.recurrentInitializer = Objects.requireNonNull(initializer);
        return this;
    }

    private void requireNotBuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("LSTM " + name() + " is already built");
        }
    }

    public int units() {
        return units;
    }

    /** {@code W}, shape {@code (features, 4 units)}, gate blocks i, f, c, o. */
    public Param kernel() {
        requireBuilt();
        return kernel;
    }

    /** {@code U}, shape {@code (units, 4 units)}. */
    public Param recurrentKernel() {
        requireBuilt();
        return recurrentKernel;
    }

    public Param bias() {
        requireBuilt();
        return bias;
    }

    @Override
    protected int[] create(int[] inputShape, BuildContext context) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException("LSTM takes sequences of shape (timesteps, features), got input shape "
                    + Shapes.format(inputShape));
        }
        if (inputShape[0] > MAX_TIMESTEPS) {
            throw new IllegalArgumentException("LSTM unrolls at most " + MAX_TIMESTEPS + " timesteps on the tape, got "
                    + inputShape[0]);
        }
        timesteps = inputShape[0];
        features = inputShape[1];
        int width = 4 * units;
        Tensor w = Tensor.zeros(features, width);
        kernelInitializer.initialize(w, features, width, context.kernels(), context.initSeed(), context.stream(0));
        Tensor u = Tensor.zeros(units, width);
        recurrentInitializer.initialize(u, units, width, context.kernels(), context.initSeed(), context.stream(1));
        Tensor b = Tensor.zeros(width);
        if (unitForgetBias) {
            Arrays.fill(b.data(), units, 2 * units, 1f);
        }
        kernel = new Param(name() + "/kernel", w);
        recurrentKernel = new Param(name() + "/recurrent_kernel", u);
        bias = new Param(name() + "/bias", b);
        steps = new SliceColumns[timesteps];
        for (int t = 0; t < timesteps; t++) {
            steps[t] = new SliceColumns(t * width, (t + 1) * width);
        }
        gates = new SliceColumns[4];
        for (int g = 0; g < 4; g++) {
            gates[g] = new SliceColumns(g * units, (g + 1) * units);
        }
        return returnSequences ? new int[] {timesteps, units} : new int[] {units};
    }

    @Override
    public Node call(Node x, CallContext context) {
        if (x.rank() != 3 || x.dim(1) != timesteps || x.dim(2) != features) {
            throw new IllegalArgumentException(name() + ": input of shape " + Shapes.format(x.shape())
                    + " is not a batch of (" + timesteps + ", " + features + ") sequences");
        }
        var tape = x.tape();
        int batch = x.dim(0);
        Node inputPart = Linear.apply(Reshape.apply(x, batch * timesteps, features), tape.param(kernel),
                tape.param(bias), false);
        Node bySample = Reshape.apply(inputPart, batch, timesteps * 4 * units);
        Node u = tape.param(recurrentKernel);
        Node[] outputs = returnSequences ? new Node[timesteps] : null;
        Node h = null;
        Node c = null;
        for (int t = 0; t < timesteps; t++) {
            Node z = steps[t].apply(bySample);
            if (h != null) {                      // h_{-1} = 0: the first step has no recurrent term
                z = Add.apply(z, MatMul.apply(h, u));
            }
            Node i = Sigmoid.apply(gates[0].apply(z));
            Node g = Tanh.apply(gates[2].apply(z));
            Node o = Sigmoid.apply(gates[3].apply(z));
            if (c == null) {                      // c_{-1} = 0: f * c_{-1} vanishes
                c = Mul.apply(i, g);
            } else {
                Node f = Sigmoid.apply(gates[1].apply(z));
                c = Add.apply(Mul.apply(f, c), Mul.apply(i, g));
            }
            h = Mul.apply(o, Tanh.apply(c));
            if (outputs != null) {
                outputs[t] = h;
            }
        }
        return outputs == null ? h : Reshape.apply(ConcatColumns.apply(outputs), batch, timesteps, units);
    }

    @Override
    public List<Param> params() {
        requireBuilt();
        return List.of(kernel, recurrentKernel, bias);
    }

    @Override
    public Map<String, Object> config() {
        var c = super.config();
        c.put("units", units);
        c.put("return_sequences", returnSequences);
        c.put("unit_forget_bias", unitForgetBias);
        return c;
    }

    @Override
    public long paramCountFor(int[] inputShape) {
        long features = inputShape.length == 2 ? inputShape[1] : 0;
        return 4L * units * (features + units + 1);
    }
}
