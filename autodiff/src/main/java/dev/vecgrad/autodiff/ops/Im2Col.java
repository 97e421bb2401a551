package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.conv.Patches;
import dev.vecgrad.core.conv.Window2d;
import java.util.Objects;

/**
 * The patches of NHWC images as rows: {@code (batch, H, W, C)} to
 * {@code (batch * outH * outW, windowH * windowW * C)} (see {@link Patches}). A convolution
 * is this op followed by a product with the kernel, so its backward rule is the GEMM's plus
 * this op's: scatter each patch's gradient back onto the pixels it read, summing where
 * windows overlap.
 *
 * <p>One instance per window geometry (a layer makes its own when it is built), so that the
 * backward pass knows the geometry without allocating anything per step.
 */
public final class Im2Col implements Op {

    private final Window2d window;

    public Im2Col(Window2d window) {
        this.window = Objects.requireNonNull(window, "window");
    }

    public Window2d window() {
        return window;
    }

    public Node apply(Node x) {
        requireImages("im2col", x, window);
        int batch = x.dim(0);
        var tape = x.tape();
        Node out = tape.outputMatrix(this, batch * window.outPositions(), window.patchSize(), x, null);
        Patches.gather(window, batch, x.data(), x.offset(), out.data());
        return out;
    }

    /** Checks that x is a batch of NHWC images of the window's input shape. */
    static void requireImages(String op, Node x, Window2d w) {
        if (x.rank() != 4 || x.dim(1) != w.inHeight() || x.dim(2) != w.inWidth() || x.dim(3) != w.channels()) {
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.format(x.shape())
                    + " is not a batch of (" + w.inHeight() + ", " + w.inWidth() + ", " + w.channels() + ") images");
        }
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            Patches.scatter(window, x.dim(0), out.gradData(), out.tape().claimGrad(x), x.gradData());
        }
    }
}
