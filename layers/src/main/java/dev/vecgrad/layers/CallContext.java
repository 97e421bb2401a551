package dev.vecgrad.layers;

/**
 * What a layer needs when it runs: its position in the model (noise layers draw from the
 * stream of that id) and the seed noise layers use unless they were given their own.
 *
 * @param layerIndex the layer's position in the model
 * @param noiseSeed  the model's seed for noise during this fit or prediction
 */
public record CallContext(int layerIndex, long noiseSeed) {
}
