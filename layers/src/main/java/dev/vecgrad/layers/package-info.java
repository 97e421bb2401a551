/**
 * The user API, Keras-shaped: layers ({@link dev.vecgrad.layers.Dense},
 * {@link dev.vecgrad.layers.Activation}, {@link dev.vecgrad.layers.GaussianNoise},
 * {@link dev.vecgrad.layers.Conv2D}, {@link dev.vecgrad.layers.MaxPooling2D},
 * {@link dev.vecgrad.layers.Flatten}, {@link dev.vecgrad.layers.LSTM}, ...), with the model,
 * losses, optimizers, metrics, initializers, datasets, model files ({@code io}) and
 * robustness measures (test-time noise, FGSM, PGD: {@code robustness}) in sub-packages.
 */
package dev.vecgrad.layers;
