package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.core.conv.Window2d;
import java.util.Objects;

/**
 * 2-D max pooling of NHWC images: {@code (batch, H, W, C)} to {@code (batch, outH, outW, C)}.
 * Backward routes each output's gradient to the input element that was the maximum (argmax
 * routing, see {@link dev.vecgrad.core.conv.MaxPool}); the other elements of the window get none.
 *
 * <p>One instance per window geometry, made by the layer when it is built.
 */
public final class MaxPool2d implements Op {

    private final Window2d window;

    public MaxPool2d(Window2d window) {
        this.window = Objects.requireNonNull(window, "window");
    }

    public Window2d window() {
        return window;
    }

    public Node apply(Node x) {
        Im2Col.requireImages("max-pool", x, window);
        int batch = x.dim(0);
        var tape = x.tape();
        Node out = tape.outputImages(this, batch, window.outHeight(), window.outWidth(), window.channels(), x, null,
                null);
        if (tape.team().size() == 1) {
            forward(tape, x, out, 0, batch);
        } else {
            BatchParts.run(tape, batch, (from, to) -> forward(tape, x, out, from, to));
        }
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            var tape = out.tape();
            float beta = tape.claimGrad(x);
            if (tape.team().size() == 1) {
                backward(tape, x, out, beta, 0, x.dim(0));
            } else {
                BatchParts.run(tape, x.dim(0), (from, to) -> backward(tape, x, out, beta, from, to));
            }
        }
    }

    /** Images {@code [from, to)}. */
    private void forward(Tape tape, Node x, Node out, int from, int to) {
        tape.kernels().maxPool2d(window, to - from, x.data(), x.offset() + from * window.inSize(), out.data(),
                from * window.outPositions() * window.channels());
    }

    /** Images {@code [from, to)}. */
    private void backward(Tape tape, Node x, Node out, float beta, int from, int to) {
        int at = from * window.outPositions() * window.channels();
        tape.kernels().maxPool2dBackward(window, to - from, x.data(), x.offset() + from * window.inSize(), out.data(),
                at, out.gradData(), at, beta, x.gradData(), from * window.inSize());
    }
}
