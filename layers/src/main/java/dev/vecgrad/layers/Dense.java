package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.ops.Linear;
import dev.vecgrad.autodiff.ops.MatMul;
import dev.vecgrad.autodiff.ops.Reshape;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.initializers.Constant;
import dev.vecgrad.layers.initializers.GlorotUniform;
import dev.vecgrad.layers.initializers.Initializer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fully connected layer, Keras's {@code Dense}: {@code activation(x W + b)} with a kernel
 * {@code W} of shape {@code (inputs, units)} (Glorot-uniform by default) and a bias {@code b}
 * of shape {@code (units,)} (zeros by default). On samples of higher rank it acts on the last
 * axis, as Keras's does: {@code (h, w, c)} in, {@code (h, w, units)} out.
 *
 * <pre>
 *   model.add(new Dense(500, "relu").inputDim(2));     // Dense(500, input_dim=2, activation='relu')
 *   model.add(new Dense(1, "sigmoid"));                 // Dense(1, activation='sigmoid')
 * </pre>
 */
public final class Dense extends Layer {

    private final int units;
    private final ActivationFunction activation;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = Constant.zeros();
    private boolean useBias = true;
    private Param kernel;
    private Param bias;

    /** A linear layer (no activation). */
    public Dense(int units) {
        this(units, ActivationFunction.LINEAR);
    }

    /** With an activation by Keras name ({@code "relu"}, {@code "sigmoid"}, ...). */
    public Dense(int units, String activation) {
        this(units, ActivationFunction.of(activation));
    }

    public Dense(int units, ActivationFunction activation) {
        if (units < 1) {
            throw new IllegalArgumentException("Dense needs at least 1 unit, got " + units);
        }
        this.units = units;
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    public Dense kernelInitializer(Initializer initializer) {
        requireNotBuilt();
        this.kernelInitializer = Objects.requireNonNull(initializer);
        return this;
    }

    public Dense biasInitializer(Initializer initializer) {
        requireNotBuilt();
        this.biasInitializer = Objects.requireNonNull(initializer);
        return this;
    }

    public Dense useBias(boolean use) {
        requireNotBuilt();
        this.useBias = use;
        return this;
    }

    /** Whether the layer adds a bias (Keras's {@code use_bias}). */
    public boolean usesBias() {
        return useBias;
    }

    private void requireNotBuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Dense " + name() + " is already built");
        }
    }

    public int units() {
        return units;
    }

    public ActivationFunction activation() {
        return activation;
    }

    public Param kernel() {
        requireBuilt();
        return kernel;
    }

    /** The bias, or null with {@code useBias(false)}. */
    public Param bias() {
        requireBuilt();
        return bias;
    }

    @Override
    protected int[] create(int[] inputShape, BuildContext context) {
        if (inputShape.length < 1) {
            throw new IllegalArgumentException("Dense needs a feature axis, got input shape " + Shapes.format(inputShape));
        }
        int inputs = inputShape[inputShape.length - 1];
        Tensor w = Tensor.zeros(inputs, units);
        kernelInitializer.initialize(w, inputs, units, context.kernels(), context.initSeed(), context.stream(0));
        kernel = new Param(name() + "/kernel", w);
        if (useBias) {
            Tensor b = Tensor.zeros(units);
            biasInitializer.initialize(b, inputs, units, context.kernels(), context.initSeed(), context.stream(1));
            bias = new Param(name() + "/bias", b);
        }
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public Node call(Node x, CallContext context) {
        if (activation == ActivationFunction.RELU && useBias) {
            var tape = x.tape();
            return restoreAxes(Linear.apply(rows(x), tape.param(kernel), tape.param(bias), true), x);
        }
        return activation.apply(callWithoutOutputActivation(x, context));
    }

    // On a sample of rank > 1, Keras applies the kernel to the last axis: (batch, h, w, c)
    // runs as the matrix (batch * h * w, c) and comes back as (batch, h, w, units).
    private static Node rows(Node x) {
        return x.rank() == 2 ? x : Reshape.apply(x, -1, x.dim(-1));
    }

    private Node restoreAxes(Node z, Node x) {
        if (x.rank() == 2) {
            return z;
        }
        int[] shape = x.shape();
        shape[shape.length - 1] = units;
        return Reshape.apply(z, shape);
    }

    @Override
    public ActivationFunction outputActivation() {
        return activation == ActivationFunction.LINEAR ? null : activation;
    }

    @Override
    public Node callWithoutOutputActivation(Node x, CallContext context) {
        var tape = x.tape();
        // One fused op (product, bias and, in call(), ReLU) where possible: it saves whole
        // passes over the output, which is most of the work in a small network.
        Node z = useBias ? Linear.apply(rows(x), tape.param(kernel), tape.param(bias), false)
                         : MatMul.apply(rows(x), tape.param(kernel));
        return restoreAxes(z, x);
    }

    @Override
    public List<Param> params() {
        requireBuilt();
        return useBias ? List.of(kernel, bias) : List.of(kernel);
    }

    @Override
    public Map<String, Object> config() {
        var c = super.config();
        c.put("units", units);
        c.put("activation", activation.kerasName());
        c.put("use_bias", useBias);
        return c;
    }

    @Override
    public long paramCountFor(int[] inputShape) {
        long inputs = inputShape.length == 0 ? 0 : inputShape[inputShape.length - 1];
        return inputs * units + (useBias ? units : 0);
    }
}
