package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import java.util.Objects;

/**
 * A direct 2-D convolution of NHWC images, with its bias and optionally its ReLU fused:
 * {@code out = act(conv(x, K) + b)}, {@code x (batch, H, W, C)}, {@code K (kh, kw, C, F)},
 * {@code b (F)}, {@code out (batch, outH, outW, F)}; "valid" windows only (a "same"
 * convolution pads first, {@link ZeroPad2d}). No patch matrix is written either way.
 *
 * <p>Backward, with {@code dZ = dOut} masked by {@code out > 0} under a ReLU:
 * <pre>
 *   db = sum over pixels of dZ     (in the same pass as the mask)
 *   dK = the reduction over every pixel of input window (x) dZ     (Kernels.conv2dBackwardKernel)
 *   dx = every pixel's dZ K^T added back onto the window it read  (Kernels.conv2dBackwardData)
 * </pre>
 * The input gradient is skipped when x needs none: the images at the first layer. The forward
 * pass is split by image over the tape's team; the backward pass by halves of the batch.
 */
public final class Conv2d implements Op {

    private final Window2d window;
    private final int filters;
    private final boolean relu;

    /** A convolution of {@code filters} filters over {@code window}, which must have valid padding. */
    public Conv2d(Window2d window, int filters, boolean relu) {
        this.window = Objects.requireNonNull(window, "window");
        if (window.padding() != Padding.VALID) {
            throw new IllegalArgumentException("conv2d runs valid windows; pad the input first (ZeroPad2d), got "
                    + window.padding().kerasName());
        }
        if (filters < 1) {
            throw new IllegalArgumentException("conv2d needs at least 1 filter, got " + filters);
        }
        this.filters = filters;
        this.relu = relu;
    }

    @Override
    public String name() {
        return relu ? "conv2d+relu" : "conv2d";
    }

    /** {@code act(conv(x, kernel) + bias)}; bias may be null (none). */
    public Node apply(Node x, Node kernel, Node bias) {
        Im2Col.requireImages(name(), x, window);
        Window2d w = window;
        if (kernel.rank() != 4 || kernel.dim(0) != w.windowH() || kernel.dim(1) != w.windowW()
                || kernel.dim(2) != w.channels() || kernel.dim(3) != filters) {
            throw new IllegalArgumentException(name() + ": kernel of shape " + Shapes.format(kernel.shape())
                    + " is not (" + w.windowH() + ", " + w.windowW() + ", " + w.channels() + ", " + filters + ")");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != filters)) {
            throw new IllegalArgumentException(name() + ": bias of shape " + Shapes.format(bias.shape())
                    + " is not (" + filters + ",)");
        }
        int batch = x.dim(0);
        var tape = x.tape();
        Node out = tape.outputImages(this, batch, w.outHeight(), w.outWidth(), filters, x, kernel, bias);
        if (tape.team().size() == 1) {
            forward(tape, x, kernel, bias, out, 0, batch);
        } else {
            BatchParts.run(tape, batch, (from, to) -> forward(tape, x, kernel, bias, out, from, to));
        }
        return out;
    }

    /** Images {@code [from, to)}. */
    private void forward(Tape tape, Node x, Node kernel, Node bias, Node out, int from, int to) {
        tape.kernels().conv2d(window, filters, to - from, x.data(), x.offset() + from * window.inSize(), kernel.data(),
                kernel.offset(), bias == null ? null : bias.data(), bias == null ? 0 : bias.offset(), relu, out.data(),
                from * window.outPositions() * filters);
    }

    /**
     * The batch's two halves, each start to finish (mask and bias sums, kernel gradient, input
     * gradient), on the tape's team; the second half's sums are then added to the first's.
     * Always two halves, on one thread or two, so the sums are the same bits whatever the
     * thread count.
     */
    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        Node kernel = out.input(1);
        Node bias = out.inputCount() > 2 ? out.input(2) : null;
        var tape = out.tape();
        var kernels = tape.kernels();
        int batch = x.dim(0);
        int half = batch / 2;
        int parts = half == 0 ? 1 : 2;
        int first = batch - half;
        int outImage = window.outPositions() * filters;
        int kernelSize = window.patchSize() * filters;
        boolean biasGrad = bias != null && bias.requiresGrad();
        boolean kernelGrad = kernel.requiresGrad();
        float[] dz = out.gradData();
        // out > 0 exactly where the pre-activation is, so the output holds the ReLU's mask.
        float[] masked = relu ? tape.buffer(batch * outImage) : dz;
        // Claimed here, on the caller's thread: claiming may make a gradient buffer.
        float biasBeta = biasGrad ? tape.claimGrad(bias) : 0f;
        float kernelBeta = kernelGrad ? tape.claimGrad(kernel) : 0f;
        float inputBeta = x.requiresGrad() ? tape.claimGrad(x) : 0f;
        float[] biasSecond = biasGrad && parts == 2 ? tape.buffer(filters) : null;
        float[] kernelSecond = kernelGrad && parts == 2 ? tape.buffer(kernelSize) : null;
        if (parts == 1 || tape.team().size() == 1) {
            backwardHalf(tape, out, masked, 0, first, biasBeta, kernelBeta, inputBeta, null, null);
            if (parts == 2) {
                backwardHalf(tape, out, masked, first, half, 0f, 0f, inputBeta, biasSecond, kernelSecond);
            }
        } else {
            tape.team().run(2, part -> backwardHalf(tape, out, masked, part == 0 ? 0 : first, part == 0 ? first : half,
                    part == 0 ? biasBeta : 0f, part == 0 ? kernelBeta : 0f, inputBeta,
                    part == 0 ? null : biasSecond, part == 0 ? null : kernelSecond));
        }
        if (biasSecond != null) {
            kernels.axpby(filters, 1f, biasSecond, 0, 1f, bias.gradData(), 0);
        }
        if (kernelSecond != null) {
            kernels.axpby(kernelSize, 1f, kernelSecond, 0, 1f, kernel.gradData(), 0);
        }
    }

    /**
     * Images {@code [from, from + images)}: the mask and the bias sums, the kernel gradient, the
     * input gradient. The bias and kernel sums go to their gradients (with the betas), or, for
     * the second half, to {@code biasSums} and {@code kernelSums} (beta 0) when those are given.
     */
    private void backwardHalf(Tape tape, Node out, float[] masked, int from, int images, float biasBeta,
                              float kernelBeta, float inputBeta, float[] biasSums, float[] kernelSums) {
        var kernels = tape.kernels();
        Node x = out.input(0);
        Node kernel = out.input(1);
        Node bias = out.inputCount() > 2 ? out.input(2) : null;
        boolean biasGrad = bias != null && bias.requiresGrad();
        float[] dz = out.gradData();
        int at = from * window.outPositions() * filters;
        int pixels = images * window.outPositions();
        float[] db = biasSums != null ? biasSums : biasGrad ? bias.gradData() : null;
        if (relu && biasGrad) {
            kernels.reluBackwardBiasGrad(pixels, filters, out.data(), at, dz, at, masked, at, biasBeta, db, 0);
        } else if (relu) {
            kernels.reluBackward(pixels * filters, out.data(), at, dz, at, 0f, masked, at);
        } else if (biasGrad) {
            kernels.columnSums(pixels, filters, dz, at, biasBeta, db, 0);
        }
        if (kernel.requiresGrad()) {
            kernels.conv2dBackwardKernel(window, filters, images, x.data(), x.offset() + from * window.inSize(),
                    masked, at, kernelBeta, kernelSums != null ? kernelSums : kernel.gradData(), 0);
        }
        if (x.requiresGrad()) {
            kernels.conv2dBackwardData(window, filters, images, masked, at, kernel.data(), kernel.offset(), inputBeta,
                    x.gradData(), from * window.inSize());
        }
    }
}
