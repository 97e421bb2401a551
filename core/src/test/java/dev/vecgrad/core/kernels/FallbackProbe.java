package dev.vecgrad.core.kernels;

import java.util.SplittableRandom;

/**
 * Run in a child JVM by {@link KernelProviderTest}: prints which kernels were chosen and the
 * bits of a fixed GEMM result, one per line.
 */
public final class FallbackProbe {

    private FallbackProbe() {
    }

    static final int M = 30, N = 50, K = 20;

    static float[] problem(Kernels kernels) {
        SplittableRandom r = new SplittableRandom(99);
        float[] a = TestArrays.uniform(r, M * K, 1f);
        float[] b = TestArrays.uniform(r, K * N, 1f);
        float[] c = new float[M * N];
        kernels.gemm(false, false, M, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N);
        return c;
    }

    public static void main(String[] args) {
        Kernels kernels = KernelProvider.get();
        System.out.println("chosen " + kernels.name());
        StringBuilder bits = new StringBuilder("gemm");
        for (float v : problem(kernels)) {
            bits.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(v)));
        }
        System.out.println(bits);
    }
}
