/**
 * The user API: Keras-style layers, the Sequential model, losses, optimizers and metrics.
 */
package dev.vecgrad.layers;
