package dev.vecgrad.layers;

import dev.vecgrad.core.kernels.Kernels;

/**
 * What a layer needs when it creates its weights: the kernels, and a seed and stream for its
 * initializers, derived from the model's seed and the layer's position, so that the same
 * model seed gives the same weights.
 *
 * @param kernels   the kernels the model runs on
 * @param initSeed  the model's seed for initialization
 * @param layerIndex the layer's position in the model (its own random streams start from it)
 */
public record BuildContext(Kernels kernels, long initSeed, int layerIndex) {

    /** The random stream for one of this layer's weight tensors ({@code slot} 0 for the kernel, 1 for the bias, ...). */
    public long stream(int slot) {
        return ((long) layerIndex << 16) | slot;
    }
}
