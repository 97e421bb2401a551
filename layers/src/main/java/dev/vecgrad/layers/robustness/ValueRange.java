package dev.vecgrad.layers.robustness;

import java.io.Serializable;
import dev.vecgrad.core.Tensor;

/**
 * The values an input may take, such as {@code [0, 1]} for images scaled to it. Perturbed
 * inputs are clipped back into it (as attacks on images are, so that an attack stays an
 * image); inputs that start outside it are refused rather than silently clipped.
 */
public record ValueRange(float min, float max) implements Serializable {

    /** No bound: nothing is clipped. */
    public static final ValueRange UNBOUNDED = new ValueRange(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    /** Images scaled to [0, 1]. */
    public static final ValueRange UNIT = new ValueRange(0f, 1f);

    public ValueRange {
        if (Float.isNaN(min) || Float.isNaN(max) || min > max) {
            throw new IllegalArgumentException("a value range needs min <= max, got [" + min + ", " + max + "]");
        }
    }

    /** {@code v} moved to the nearest value in the range. */
    public float clip(float v) {
        return Math.min(max, Math.max(min, v));
    }

    /** Checks that every value of {@code x} is finite and lies in the range, naming the first one that does not. */
    void requireInside(String what, Tensor x) {
        float[] d = x.data();
        for (int i = 0; i < x.size(); i++) {
            float v = d[x.offset() + i];
            if (!Float.isFinite(v) || v < min || v > max) {
                throw new IllegalArgumentException(what + ": input value " + v + " at flat index " + i
                        + " is not finite or lies outside the value range [" + min + ", " + max + "]");
            }
        }
    }
}
