package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The SIMD ReLU backward pass decides {@code y > 0} from y's bits with integer arithmetic
 * rather than a float comparison. Random values and the usual specials cannot show that such
 * a trick is right everywhere, so this passes every one of the 2^32 float bit patterns
 * through the kernel (about 5 s) and holds each result to the plain Java comparison:
 * {@code grad} where {@code y > 0f}, else +0, bit for bit.
 */
class ReluEveryFloatTest {

    private static final int CHUNK = 1 << 20;

    @Test
    void theBackwardMaskIsYGreaterThanZeroForEveryFloat() {
        Kernels simd = ElementwiseKernelProperties.SIMD;
        float[] y = new float[CHUNK];
        float[] grad = new float[CHUNK];
        float[] out = new float[CHUNK];
        for (int j = 0; j < CHUNK; j++) {
            grad[j] = -1f - j;          // never 0 and negative: a kept value cannot pass for a zeroed one
        }
        for (long first = Integer.MIN_VALUE; first <= Integer.MAX_VALUE; first += CHUNK) {
            for (int j = 0; j < CHUNK; j++) {
                y[j] = Float.intBitsToFloat((int) (first + j));
            }
            simd.reluBackward(CHUNK, y, 0, grad, 0, 0f, out, 0);
            for (int j = 0; j < CHUNK; j++) {
                float expected = y[j] > 0f ? grad[j] : 0f;
                if (Float.floatToRawIntBits(out[j]) != Float.floatToRawIntBits(expected)) {
                    fail(String.format("y bits 0x%08x (%s): out %s, expected %s", Float.floatToRawIntBits(y[j]), y[j],
                            out[j], expected));
                }
            }
        }
    }
}
