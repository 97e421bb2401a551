/**
 * Sliding windows over NHWC images: the geometry ({@link dev.vecgrad.core.conv.Window2d},
 * with TensorFlow's padding rule), zero borders ({@link dev.vecgrad.core.conv.ZeroPadding}),
 * im2col and its adjoint ({@link dev.vecgrad.core.conv.Patches}, for convolutions with fewer
 * filters than a vector has lanes) and scalar max pooling ({@link dev.vecgrad.core.conv.MaxPool},
 * the scalar kernels' and the SIMD kernels' rest). Plain loops shared by both kernel sets; the
 * convolutions' arithmetic is in {@code kernels} ({@code ScalarConv}) and {@code simd}
 * ({@code VectorConv}, {@code VectorPool}).
 */
package dev.vecgrad.core.conv;
