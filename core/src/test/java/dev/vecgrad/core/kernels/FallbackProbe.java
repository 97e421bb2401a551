package dev.vecgrad.core.kernels;

import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Run in a child JVM by {@link KernelProviderTest}: prints, one per line, what the provider
 * logged ({@code log <level> <message>}), which kernels were chosen ({@code chosen <name>}),
 * the choice's line, and the bits of a fixed GEMM result.
 */
public final class FallbackProbe {

    /** Held here so that the logger, and the level set on it, outlive the configuration below. */
    private static final Logger KERNEL_LOG = Logger.getLogger("dev.vecgrad.core.kernels");

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
        KERNEL_LOG.setLevel(Level.ALL);
        KERNEL_LOG.setUseParentHandlers(false);
        KERNEL_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                System.out.println("log " + record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        Kernels kernels = KernelProvider.get();
        System.out.println("chosen " + kernels.name());
        System.out.println("line " + KernelProvider.choice().line());
        StringBuilder bits = new StringBuilder("gemm");
        for (float v : problem(kernels)) {
            bits.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(v)));
        }
        System.out.println(bits);
    }
}
