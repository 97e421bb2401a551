package dev.vecgrad.layers.robustness;

import dev.vecgrad.core.Tensor;

/** The steps the gradient attacks share. */
final class Attacks {

    private Attacks() {
    }

    /** A strength (eps, sigma) as a float, refusing what is not a finite number >= 0. */
    static float checkStrength(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
        }
        return (float) value;
    }

    /** {@code x += size * sign(grad)} in place, each value then clipped to the range. */
    static void signStep(Tensor x, Tensor grad, float size, ValueRange range) {
        float[] d = x.data();
        float[] g = grad.data();
        for (int i = 0; i < x.size(); i++) {
            int at = x.offset() + i;
            d[at] = range.clip(d[at] + size * Math.signum(g[grad.offset() + i]));
        }
    }
}
