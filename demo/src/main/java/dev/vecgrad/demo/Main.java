package dev.vecgrad.demo;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.util.SplittableRandom;

/**
 * The demo's entry point. For now it names the kernels in use and measures one GEMM, a
 * sanity figure rather than a benchmark (the JMH benchmarks in {@code bench/} are the record).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Kernels kernels = KernelProvider.get();
        int n = 512;
        SplittableRandom random = new SplittableRandom(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble();
            b[i] = (float) random.nextDouble();
        }
        // The Vector API needs a few seconds of JIT warm-up before it runs at speed.
        double best = Double.MAX_VALUE;
        long end = System.nanoTime() + 4_000_000_000L;
        int calls = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            kernels.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            calls++;
        }
        System.out.printf("kernels: %s%n", kernels.description());
        System.out.printf("GEMM %d^3, best of %d calls in 4 s: %.1f ms, %.1f GFLOP/s (a sanity figure; see BENCHMARKS.md)%n",
                n, calls, best * 1e3, 2.0 * n * n * n / best / 1e9);
    }
}
