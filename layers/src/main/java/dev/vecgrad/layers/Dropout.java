package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import java.util.Map;

/**
 * Keras's {@code Dropout(rate)}: while training, zeroes each element with probability
 * {@code rate} and scales the others by {@code 1 / (1 - rate)}; the identity otherwise.
 */
public final class Dropout extends Layer {

    private final float rate;
    private Long seed;

    /** @param rate the drop probability, in [0, 1) */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = (float) rate;
    }

    public Dropout seed(long seed) {
        this.seed = seed;
        return this;
    }

    public float rate() {
        return rate;
    }

    @Override
    protected int[] create(int[] inputShape, BuildContext context) {
        return inputShape;
    }

    @Override
    public boolean isIdentityIn(Mode mode) {
        return !mode.noiseActive();
    }

    @Override
    public Node call(Node x, CallContext context) {
        return dev.vecgrad.autodiff.ops.InvertedDropout.apply(x, rate,
                seed != null ? seed : context.noiseSeed(), context.layerIndex());
    }

    @Override
    public Map<String, Object> config() {
        var c = super.config();
        c.put("rate", rate);
        c.put("seed", seed);
        return c;
    }
}
