package dev.vecgrad.layers.initializers;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.Kernels;
import java.util.Locale;

/**
 * Fills a new weight tensor. Random initializers draw from the counter-based RNG at
 * {@code (seed, stream)}, so a model's weights depend only on its seed and the layer's place.
 */
public interface Initializer {

    /**
     * Fills {@code weights}; {@code fanIn} and {@code fanOut} are the kernel's input and output
     * sizes (for a Dense kernel of shape {@code (in, units)}: {@code in} and {@code units}).
     */
    void initialize(Tensor weights, int fanIn, int fanOut, Kernels kernels, long seed, long stream);

    /** A Keras initializer by name: {@code glorot_uniform}, {@code he_normal}, {@code orthogonal}, {@code zeros}, {@code ones}. */
    static Initializer of(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "glorot_uniform":
                return new GlorotUniform();
            case "he_normal":
                return new HeNormal();
            case "orthogonal":
                return new Orthogonal();
            case "zeros":
                return new Constant(0f);
            case "ones":
                return new Constant(1f);
            default:
                throw new IllegalArgumentException("unknown initializer '" + name
                        + "': use glorot_uniform, he_normal, orthogonal, zeros or ones");
        }
    }
}
