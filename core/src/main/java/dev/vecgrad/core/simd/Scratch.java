package dev.vecgrad.core.simd;

import dev.vecgrad.core.random.Philox;
import jdk.incubator.vector.FloatVector;

/**
 * Per-thread working memory for the SIMD kernels: GEMM's packed panels and the random
 * fills' tile buffers. Kernels are shared by all threads, so this cannot live in fields;
 * allocating it per call would put garbage on every training step. Buffers only grow.
 */
final class Scratch {

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    final int[] chunkWords = new int[VectorRandom.CHUNK_TILES * Philox.TILE];
    final long[] philoxKeys = new long[2 * Philox.ROUNDS];
    final float[] chunkValues = new float[VectorRandom.CHUNK_TILES * Philox.TILE];
    /** The logarithms ln u1 of a chunk's pairs, on their way to the Box-Muller radii. */
    final float[] logs = new float[VectorRandom.CHUNK_TILES * Philox.TILE / 2];
    float[] packedA = new float[0];
    float[] packedB = new float[0];
    /** GEMM's register tile, parked between the multiply loop and the write to C. */
    final float[] gemmTile = new float[PackedGemm.MR * PackedGemm.NR];
    /** A chunk of a loss's terms, and the logs on the way to them. */
    final float[] lossTerms = new float[256];
    final float[] lossLogs = new float[256];
    /** A ReLU's masked gradient, where denseParamGrads falls back to the kernels it stands for. */
    float[] maskedGradient = new float[0];

    /** A block of rows of {@link HiddenDot#forward}: two features and the outputs, 2W floats each. */
    final float[] hiddenDotRows = new float[6 * FloatVector.SPECIES_PREFERRED.length()];
    /** Zeros standing in for a missing second feature's weights. */
    private float[] zeros = new float[0];

    /** The kernel gradient's register block, parked between the reduction and the add into dk. */
    final float[] convTile = new float[VectorConv.ROWS * 2 * FloatVector.SPECIES_PREFERRED.length()];
    /** A convolution's kernel, transposed for the input gradient. */
    float[] convKernel = new float[0];
    /** A narrow convolution's patch matrix. */
    float[] convPatches = new float[0];
    /** Where each kernel row reads, relative to a pixel's origin. */
    int[] convOffsets = new int[0];
    /** The first input element of each output pixel of a chunk. */
    int[] convOrigins = new int[0];

    /** Winograd's transformed kernel, and one block's transformed inputs and products (see {@link VectorWinograd}). */
    float[] winogradKernel = new float[0];
    float[] winogradInput = new float[0];
    float[] winogradProducts = new float[0];
    /** A tile over the image's edge, copied with zeros around it; zeros for a missing bias. */
    float[] winogradBlock = new float[0];
    float[] winogradZeros = new float[0];
    /** One transform's half-way rows, 4 x 4 vectors. */
    final float[] winogradRows = new float[16 * FloatVector.SPECIES_PREFERRED.length()];

    static Scratch get() {
        return PER_THREAD.get();
    }

    float[] packedA(int size) {
        return packedA = packedA.length < size ? new float[size] : packedA;
    }

    /** At least {@code size} zeros; never written. */
    float[] zeros(int size) {
        return zeros = zeros.length < size ? new float[size] : zeros;
    }

    float[] maskedGradient(int size) {
        return maskedGradient = maskedGradient.length < size ? new float[size] : maskedGradient;
    }

    float[] convKernel(int size) {
        return convKernel = convKernel.length < size ? new float[size] : convKernel;
    }

    float[] convPatches(int size) {
        return convPatches = convPatches.length < size ? new float[size] : convPatches;
    }

    int[] convOffsets(int size) {
        return convOffsets = convOffsets.length < size ? new int[size] : convOffsets;
    }

    int[] convOrigins(int size) {
        return convOrigins = convOrigins.length < size ? new int[size] : convOrigins;
    }

    float[] winogradKernel(int size) {
        return winogradKernel = winogradKernel.length < size ? new float[size] : winogradKernel;
    }

    float[] winogradInput(int size) {
        return winogradInput = winogradInput.length < size ? new float[size] : winogradInput;
    }

    float[] winogradProducts(int size) {
        return winogradProducts = winogradProducts.length < size ? new float[size] : winogradProducts;
    }

    float[] winogradBlock(int size) {
        return winogradBlock = winogradBlock.length < size ? new float[size] : winogradBlock;
    }

    float[] winogradZeros(int size) {
        return winogradZeros = winogradZeros.length < size ? new float[size] : winogradZeros;
    }

    float[] packedB(int size) {
        return packedB = packedB.length < size ? new float[size] : packedB;
    }
}
