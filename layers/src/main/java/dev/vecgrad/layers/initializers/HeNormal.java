package dev.vecgrad.layers.initializers;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.Kernels;

/**
 * Keras's {@code he_normal}: a normal distribution truncated at two standard deviations, with
 * standard deviation {@code sqrt(2 / fanIn) / 0.8796...} (the correction makes the truncated
 * distribution's own standard deviation {@code sqrt(2 / fanIn)}), He et al., 2015. Draws
 * beyond the truncation are replaced by the next draws of the stream, in order.
 */
public final class HeNormal implements Initializer {

    /** Standard deviation of a standard normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    @Override
    public void initialize(Tensor weights, int fanIn, int fanOut, Kernels kernels, long seed, long stream) {
        float stddev = (float) (Math.sqrt(2.0 / Math.max(1, fanIn)) / TRUNCATED_STDDEV);
        float[] w = weights.data();
        float[] batch = new float[256];
        long index = 0;
        int filled = 0;
        while (filled < weights.size()) {
            kernels.fillGaussian(seed, stream, index, batch, 0, batch.length, 0f, 1f);
            index += batch.length;
            for (int i = 0; i < batch.length && filled < weights.size(); i++) {
                if (Math.abs(batch[i]) <= 2f) {
                    w[weights.offset() + filled++] = batch[i] * stddev;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "he_normal";
    }
}
