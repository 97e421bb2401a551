package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
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
 * The input gradient is skipped when x needs none: the images at the first layer.
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
        int[] shape = {batch, w.outHeight(), w.outWidth(), filters};
        Node out = bias == null ? x.tape().output(this, shape, x, kernel) : x.tape().output(this, shape, x, kernel, bias);
        x.tape().kernels().conv2d(w, filters, batch, x.data(), x.offset(), kernel.data(), kernel.offset(),
                bias == null ? null : bias.data(), bias == null ? 0 : bias.offset(), relu, out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        Node kernel = out.input(1);
        Node bias = out.inputCount() > 2 ? out.input(2) : null;
        var tape = out.tape();
        var kernels = tape.kernels();
        int batch = x.dim(0);
        int pixels = batch * window.outPositions();
        float[] dz = out.gradData();
        boolean biasGrad = bias != null && bias.requiresGrad();
        if (relu) {
            // out > 0 exactly where the pre-activation is, so the output holds the ReLU's mask.
            float[] masked = tape.buffer(pixels * filters);
            if (biasGrad) {
                kernels.reluBackwardBiasGrad(pixels, filters, out.data(), 0, dz, 0, masked, 0, tape.claimGrad(bias),
                        bias.gradData(), 0);
            } else {
                kernels.reluBackward(pixels * filters, out.data(), 0, dz, 0, 0f, masked, 0);
            }
            dz = masked;
        } else if (biasGrad) {
            kernels.columnSums(pixels, filters, dz, 0, tape.claimGrad(bias), bias.gradData(), 0);
        }
        if (kernel.requiresGrad()) {
            kernels.conv2dBackwardKernel(window, filters, batch, x.data(), x.offset(), dz, 0, tape.claimGrad(kernel),
                    kernel.gradData(), 0);
        }
        if (x.requiresGrad()) {
            kernels.conv2dBackwardData(window, filters, batch, dz, 0, kernel.data(), kernel.offset(),
                    tape.claimGrad(x), x.gradData(), 0);
        }
    }
}
