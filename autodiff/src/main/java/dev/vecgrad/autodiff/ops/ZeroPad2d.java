package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.core.conv.ZeroPadding;
import java.util.Objects;

/**
 * The zero border a "same" window needs around NHWC images: {@code (batch, H, W, C)} to the
 * input shape of {@link Window2d#overPaddedInput()}. Backward: the gradient's interior, cropped.
 *
 * <p>One instance per window geometry, made by the layer when it is built.
 */
public final class ZeroPad2d implements Op {

    private final Window2d window;

    public ZeroPad2d(Window2d window) {
        this.window = Objects.requireNonNull(window, "window");
    }

    public Node apply(Node x) {
        Im2Col.requireImages("zero-pad", x, window);
        Window2d p = window.overPaddedInput();
        int batch = x.dim(0);
        Node out = x.tape().outputImages(this, batch, p.inHeight(), p.inWidth(), p.channels(), x, null, null);
        ZeroPadding.pad(window, batch, x.data(), x.offset(), out.data());
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            ZeroPadding.crop(window, x.dim(0), out.gradData(), out.tape().claimGrad(x), x.gradData(), 0);
        }
    }
}
