package dev.vecgrad.layers.initializers;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.Kernels;

/** Every weight the same value: Keras's {@code zeros} (the default for biases), {@code ones} or {@code Constant(v)}. */
public final class Constant implements Initializer {

    private final float value;

    public Constant(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("constant initializer value must be finite, got " + value);
        }
        this.value = value;
    }

    /** Keras's {@code zeros}. */
    public static Constant zeros() {
        return new Constant(0f);
    }

    @Override
    public void initialize(Tensor weights, int fanIn, int fanOut, Kernels kernels, long seed, long stream) {
        weights.fill(value);
    }

    @Override
    public String toString() {
        return value == 0f ? "zeros" : "constant(" + value + ")";
    }
}
