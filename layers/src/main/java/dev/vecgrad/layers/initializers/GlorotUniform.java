package dev.vecgrad.layers.initializers;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.Kernels;

/**
 * Keras's default kernel initializer: uniform on {@code [-limit, limit]} with
 * {@code limit = sqrt(6 / (fanIn + fanOut))} (Glorot and Bengio, 2010).
 */
public final class GlorotUniform implements Initializer {

    @Override
    public void initialize(Tensor weights, int fanIn, int fanOut, Kernels kernels, long seed, long stream) {
        float limit = (float) Math.sqrt(6.0 / Math.max(1, fanIn + fanOut));
        float[] w = weights.data();
        kernels.fillUniform(seed, stream, 0, w, weights.offset(), weights.size());
        for (int i = 0; i < weights.size(); i++) {
            w[weights.offset() + i] = (2f * w[weights.offset() + i] - 1f) * limit;
        }
    }

    @Override
    public String toString() {
        return "glorot_uniform";
    }
}
