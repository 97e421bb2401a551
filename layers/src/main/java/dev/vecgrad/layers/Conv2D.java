package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.ops.Conv2d;
import dev.vecgrad.autodiff.ops.ZeroPad2d;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.layers.initializers.Constant;
import dev.vecgrad.layers.initializers.GlorotUniform;
import dev.vecgrad.layers.initializers.Initializer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keras's {@code Conv2D}: a 2-D convolution over NHWC images (channels last, Keras's
 * default), {@code activation(conv(x, W) + b)} with a kernel {@code W} of shape
 * {@code (kernelH, kernelW, inChannels, filters)} (Glorot-uniform, fans counting the
 * receptive field as Keras does) and a bias of {@code (filters,)} (zeros).
 *
 * <pre>
 *   model.add(new Conv2D(32, 3).inputShape(28, 28, 1));   // Conv2D(32, (3,3), input_shape=(28,28,1))
 *   model.add(new Conv2D(32, 3, 3).strides(2).padding("same").activation("relu"));
 * </pre>
 *
 * <p>It runs as a direct convolution (no patch matrix) with the bias and a ReLU fused into
 * it; "same" padding first copies the input into a zero border.
 */
public final class Conv2D extends Layer {

    private final int filters;
    private final int kernelH;
    private final int kernelW;
    private int strideH = 1;
    private int strideW = 1;
    private Padding padding = Padding.VALID;
    private ActivationFunction activation = ActivationFunction.LINEAR;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = Constant.zeros();
    private boolean useBias = true;

    /** Null when the window pads nothing. */
    private ZeroPad2d pad;
    private Conv2d conv;
    private Conv2d convRelu;
    private Param kernel;
    private Param bias;

    /** A square {@code kernelSize x kernelSize} kernel: Keras's {@code Conv2D(filters, (k, k))} or {@code Conv2D(filters, k)}. */
    public Conv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    public Conv2D(int filters, int kernelH, int kernelW) {
        if (filters < 1) {
            throw new IllegalArgumentException("Conv2D needs at least 1 filter, got " + filters);
        }
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("Conv2D kernel size must be >= 1, got (" + kernelH + ", " + kernelW + ")");
        }
        this.filters = filters;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
    }

    public Conv2D strides(int stride) {
        return strides(stride, stride);
    }

    public Conv2D strides(int strideH, int strideW) {
        requireNotBuilt();
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("Conv2D strides must be >= 1, got (" + strideH + ", " + strideW + ")");
        }
        this.strideH = strideH;
        this.strideW = strideW;
        return this;
    }

    /** {@code "valid"} (the default) or {@code "same"}. */
    public Conv2D padding(String padding) {
        requireNotBuilt();
        this.padding = Padding.of(padding);
        return this;
    }

    /** By Keras name; the default is linear (none). */
    public Conv2D activation(String activation) {
        requireNotBuilt();
        this.activation = ActivationFunction.of(activation);
        return this;
    }

    public Conv2D kernelInitializer(Initializer initializer) {
        requireNotBuilt();
        this.kernelInitializer = Objects.requireNonNull(initializer);
        return this;
    }

    public Conv2D useBias(boolean use) {
        requireNotBuilt();
        this.useBias = use;
        return this;
    }

    private void requireNotBuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Conv2D " + name() + " is already built");
        }
    }

    public int filters() {
        return filters;
    }

    public Padding padding() {
        return padding;
    }

    public ActivationFunction activation() {
        return activation;
    }

    /** The kernel, shape {@code (kernelH, kernelW, inChannels, filters)}. */
    public Param kernel() {
        requireBuilt();
        return kernel;
    }

    public Param bias() {
        requireBuilt();
        return bias;
    }

    @Override
    protected int[] create(int[] inputShape, BuildContext context) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("Conv2D takes images of shape (height, width, channels), got input shape "
                    + Shapes.format(inputShape));
        }
        Window2d window = Window2d.of(inputShape[0], inputShape[1], inputShape[2], kernelH, kernelW, strideH,
                strideW, padding);
        pad = window.isPadded() ? new ZeroPad2d(window) : null;
        conv = new Conv2d(window.overPaddedInput(), filters, false);
        convRelu = new Conv2d(window.overPaddedInput(), filters, true);
        int receptiveField = kernelH * kernelW;
        Tensor w = Tensor.zeros(kernelH, kernelW, inputShape[2], filters);
        kernelInitializer.initialize(w, receptiveField * inputShape[2], receptiveField * filters, context.kernels(),
                context.initSeed(), context.stream(0));
        kernel = new Param(name() + "/kernel", w);
        if (useBias) {
            Tensor b = Tensor.zeros(filters);
            biasInitializer.initialize(b, receptiveField * inputShape[2], receptiveField * filters, context.kernels(),
                    context.initSeed(), context.stream(1));
            bias = new Param(name() + "/bias", b);
        }
        return new int[] {window.outHeight(), window.outWidth(), filters};
    }

    @Override
    public Node call(Node x, CallContext context) {
        boolean fuseRelu = activation == ActivationFunction.RELU;
        Node z = convolve(x, fuseRelu);
        return fuseRelu ? z : activation.apply(z);
    }

    @Override
    public ActivationFunction outputActivation() {
        return activation == ActivationFunction.LINEAR ? null : activation;
    }

    @Override
    public Node callWithoutOutputActivation(Node x, CallContext context) {
        return convolve(x, false);
    }

    /** The convolution plus the bias (and the ReLU when asked), padding first when the window needs it. */
    private Node convolve(Node x, boolean relu) {
        var tape = x.tape();
        Node in = pad == null ? x : pad.apply(x);
        return (relu ? convRelu : conv).apply(in, tape.param(kernel), useBias ? tape.param(bias) : null);
    }

    @Override
    public List<Param> params() {
        requireBuilt();
        return useBias ? List.of(kernel, bias) : List.of(kernel);
    }

    @Override
    public Map<String, Object> config() {
        var c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", List.of(kernelH, kernelW));
        c.put("strides", List.of(strideH, strideW));
        c.put("padding", padding.kerasName());
        c.put("activation", activation.kerasName());
        c.put("use_bias", useBias);
        return c;
    }

    @Override
    public long paramCountFor(int[] inputShape) {
        long channels = inputShape.length == 3 ? inputShape[2] : 0;
        return (long) kernelH * kernelW * channels * filters + (useBias ? filters : 0);
    }
}
