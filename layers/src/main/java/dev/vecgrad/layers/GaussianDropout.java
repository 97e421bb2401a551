package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import java.util.Map;

/**
 * Keras's {@code GaussianDropout(rate)}: multiplies every element by noise drawn from
 * {@code N(1, rate / (1 - rate))} while training; the identity otherwise.
 */
public final class GaussianDropout extends Layer {

    private final float rate;
    private Long seed;

    /** @param rate in [0, 1), as Keras's drop probability */
    public GaussianDropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("GaussianDropout rate must be in [0, 1), got " + rate);
        }
        this.rate = (float) rate;
    }

    public GaussianDropout seed(long seed) {
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
        return dev.vecgrad.autodiff.ops.MultiplicativeNoise.apply(x, rate,
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
