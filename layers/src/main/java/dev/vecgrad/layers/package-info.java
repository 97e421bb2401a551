/**
 * The user API, Keras-shaped: layers ({@link dev.vecgrad.layers.Dense},
 * {@link dev.vecgrad.layers.Activation}, {@link dev.vecgrad.layers.GaussianNoise}, ...), with the
 * model, losses, optimizers, metrics, initializers and datasets in sub-packages.
 */
package dev.vecgrad.layers;
