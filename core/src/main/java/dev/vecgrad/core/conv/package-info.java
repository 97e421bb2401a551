/**
 * Sliding windows over NHWC images: the geometry ({@link dev.vecgrad.core.conv.Window2d},
 * with TensorFlow's padding rule), im2col and its adjoint ({@link dev.vecgrad.core.conv.Patches})
 * and max pooling ({@link dev.vecgrad.core.conv.MaxPool}). Plain data movement shared by
 * both kernel sets; the arithmetic of a convolution is the GEMM in {@code kernels}.
 */
package dev.vecgrad.core.conv;
