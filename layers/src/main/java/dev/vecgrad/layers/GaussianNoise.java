package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import java.util.Map;

/**
 * Keras's {@code GaussianNoise(stddev)}: adds zero-mean Gaussian noise to every element while
 * training, and is the identity when evaluating or predicting. Fresh noise every step.
 *
 * <p>The standard deviation must be finite and at least 0, and has no upper bound. (Keras 3
 * rejects a stddev above 1, which rules out noise on unscaled inputs; Keras 2, which the
 * tutorial uses, does not, and neither do we.)
 */
public final class GaussianNoise extends Layer {

    private final float stddev;
    private Long seed;

    public GaussianNoise(double stddev) {
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException("GaussianNoise stddev must be finite and >= 0, got " + stddev);
        }
        this.stddev = (float) stddev;
    }

    /** Draws this layer's noise from its own seed instead of the model's. */
    public GaussianNoise seed(long seed) {
        this.seed = seed;
        return this;
    }

    public float stddev() {
        return stddev;
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
        return dev.vecgrad.autodiff.ops.AdditiveNoise.apply(x, stddev,
                seed != null ? seed : context.noiseSeed(), context.layerIndex());
    }

    @Override
    public Map<String, Object> config() {
        var c = super.config();
        c.put("stddev", stddev);
        c.put("seed", seed);
        return c;
    }
}
