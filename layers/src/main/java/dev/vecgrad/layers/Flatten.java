package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.Reshape;
import dev.vecgrad.core.Shapes;

/**
 * Keras's {@code Flatten}: each sample's axes folded into one, {@code (batch, h, w, c)} to
 * {@code (batch, h * w * c)}, in row-major (channels-last) order. Free: the output shares
 * the input's array.
 */
public final class Flatten extends Layer {

    @Override
    protected int[] create(int[] inputShape, BuildContext context) {
        return new int[] {Shapes.checkedSize(inputShape)};
    }

    @Override
    public Node call(Node x, CallContext context) {
        return Reshape.flatten(x);
    }
}
