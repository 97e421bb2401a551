package dev.vecgrad.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Once compiled by C2, no SIMD kernel allocates: a Vector API value that is not boxed costs
 * nothing, one that is (because an operation was not intrinsified, or a vector crossed a
 * call that was not inlined) costs an object and an array per operation, and shows here.
 * Each kernel is measured in windows of {@value #WINDOW} calls until one window allocates not
 * a single byte (the JVM's per-thread allocation counter, which the JIT's and the GC's own
 * threads do not touch); it must get there within {@value #MAX_WINDOWS} windows after a
 * warm-up. Code not yet compiled by C2 allocates, and stops once compiled; a kernel that
 * allocates for good never has a clean window.
 *
 * <p>One exception, measured and written down in BENCHMARKS.md: on JDK 17 (the Vector API's
 * second incubator) C2 sometimes leaves the last operations of the three longest loops (the
 * exponential inside sigmoid, tanh and sigmoidCrossEntropySum, and the Gaussian transform, also
 * inside addGaussianNoise) unintrinsified, and boxes one vector per iteration there. Whether it
 * does depends on what the JVM compiled before (running the sub or relu kernel first was
 * enough here). JDK 21 and later compile them fully, so those kernels are held to zero there
 * and only reported on JDK 17.
 */
class SimdAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final int WINDOW = 500;
    private static final int MAX_WINDOWS = 100;

    private static final Set<String> JDK17_MAY_BOX =
            Set.of("sigmoid", "tanh", "sigmoidCrossEntropySum", "fillGaussian", "addGaussianNoise");

    @Test
    void noKernelAllocatesOnceCompiled() {
        Kernels k = KernelProvider.simd();
        int n = 4099;
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        float[] d = new float[n];
        int[] idx = new int[64];
        for (int i = 0; i < n; i++) {
            a[i] = (i % 13) * 0.1f - 0.6f;
            b[i] = (i % 7) * 0.2f - 0.5f;
            d[i] = 0.01f;
        }
        Map<String, Runnable> kernels = new LinkedHashMap<>();
        kernels.put("gemm packed", () -> k.gemm(false, false, 64, 64, 64, 1f, a, 0, 64, b, 0, 64, 0f, c, 0, 64));
        kernels.put("gemm one panel", () -> k.gemm(false, false, 64, 32, 64, 1f, a, 0, 64, b, 0, 32, 0f, c, 0, 32));
        kernels.put("gemm one panel transposed", () -> k.gemm(true, false, 61, 20, 67, 1f, a, 0, 61, b, 0, 20, 1f, c, 0, 20));
        kernels.put("gemm transposed", () -> k.gemm(true, true, 33, 31, 17, 1f, a, 0, 33, b, 0, 17, 1f, c, 0, 31));
        kernels.put("gemm direct", () -> k.gemm(false, false, 30, 100, 2, 1f, a, 0, 2, b, 0, 100, 0f, c, 0, 100));
        kernels.put("gemm dot rows", () -> k.gemm(false, false, 30, 1, 100, 1f, a, 0, 100, b, 0, 1, 0f, c, 0, 1));
        kernels.put("gemm narrow", () -> k.gemm(true, false, 72, 8, 50, 1f, a, 0, 72, b, 0, 8, 1f, c, 0, 8));
        kernels.put("linear direct", () -> k.linear(true, 30, 100, 2, a, 0, b, 0, d, 0, c, 0));
        kernels.put("linear narrow", () -> k.linear(true, 400, 8, 9, a, 0, b, 0, d, 0, c, 0));
        kernels.put("linear dot rows", () -> k.linear(true, 30, 1, 100, a, 0, b, 0, d, 0, c, 0));
        kernels.put("linear packed", () -> k.linear(false, 40, 64, 40, a, 0, b, 0, d, 0, c, 0));
        kernels.put("dot", () -> k.dot(n, a, 0, b, 0));
        kernels.put("sum", () -> k.sum(n, a, 0));
        kernels.put("axpby", () -> k.axpby(n, 0.5f, a, 0, 1f, c, 0));
        kernels.put("scale", () -> k.scale(n, 0.5f, a, 0, c, 0));
        kernels.put("add", () -> k.add(n, a, 0, b, 0, c, 0));
        kernels.put("sub", () -> k.sub(n, a, 0, b, 0, c, 0));
        kernels.put("mul", () -> k.mul(n, a, 0, b, 0, c, 0));
        kernels.put("mulAdd", () -> k.mulAdd(n, a, 0, b, 0, 1f, c, 0));
        kernels.put("threshold", () -> k.threshold(n, a, 0, 0.1f, 0f, 2f, c, 0));
        kernels.put("addBias", () -> k.addBias(40, 100, a, 0, b, 0, c, 0));
        kernels.put("columnSums", () -> k.columnSums(40, 100, a, 0, 1f, c, 0));
        kernels.put("rowSums", () -> k.rowSums(40, 100, a, 0, 0f, c, 0));
        kernels.put("relu", () -> k.relu(n, a, 0, c, 0));
        kernels.put("reluBackward", () -> k.reluBackward(n, a, 0, b, 0, 1f, c, 0));
        kernels.put("reluBackwardBiasGrad", () -> k.reluBackwardBiasGrad(40, 100, a, 0, b, 0, c, 0, 1f, d, 0));
        kernels.put("sigmoid", () -> k.sigmoid(n, a, 0, c, 0));
        kernels.put("sigmoidBackward", () -> k.sigmoidBackward(n, a, 0, b, 0, 1f, c, 0));
        kernels.put("tanh", () -> k.tanh(n, a, 0, c, 0));
        kernels.put("tanhBackward", () -> k.tanhBackward(n, a, 0, b, 0, 1f, c, 0));
        kernels.put("sigmoidCrossEntropySum", () -> k.sigmoidCrossEntropySum(n, a, 0, b, 0));
        kernels.put("countThresholdMatches", () -> k.countThresholdMatches(n, a, 0, 0f, b, 0));
        kernels.put("argmaxRows", () -> k.argmaxRows(64, 64, a, 0, idx, 0));
        kernels.put("fillUniform", () -> k.fillUniform(1, 2, 3, c, 0, n));
        kernels.put("fillGaussian", () -> k.fillGaussian(1, 2, 3, c, 0, n, 0f, 1f));
        kernels.put("addGaussianNoise", () -> k.addGaussianNoise(1, 2, 3, a, 0, c, 0, n, 0.1f));
        kernels.put("adamUpdate", () -> k.adamUpdate(n, c, 0, a, 0, b, 0, d, 0, 0.9f, 0.999f, 1e-3f, 1e-7f));
        // Convolutions: 8-pixel blocks and single pixels, two vectors, one vector and a scalar rest of
        // filters (32, 17), of channels for the input gradient (33), and the kernel gradient's row blocks.
        Window2d few = Window2d.of(5, 12, 3, 3, 3, 1, 1, Padding.VALID);
        Window2d many = Window2d.of(4, 11, 33, 3, 3, 1, 1, Padding.VALID);
        kernels.put("conv2d", () -> k.conv2d(few, 32, 1, a, 0, b, 0, d, 0, true, c, 0));
        kernels.put("conv2d one vector", () -> k.conv2d(few, 17, 1, a, 0, b, 0, null, 0, false, c, 0));
        kernels.put("conv2dBackwardData", () -> k.conv2dBackwardData(many, 3, 1, a, 0, b, 0, 0f, c, 0));
        kernels.put("conv2dBackwardData one vector", () -> k.conv2dBackwardData(few, 32, 1, a, 0, b, 0, 1f, c, 0));
        kernels.put("conv2dBackwardKernel", () -> k.conv2dBackwardKernel(few, 32, 1, a, 0, b, 0, 1f, c, 0));
        kernels.put("conv2dBackwardKernel one vector", () -> k.conv2dBackwardKernel(few, 17, 1, a, 0, b, 0, 0f, c, 0));
        // 3 x 3, stride 1, channels and filters of whole tiles: Winograd's forward pass and input
        // gradient, with tiles over the edge (7 x 5 outputs), with and without a bias, the ReLU, beta.
        Window2d wide = Window2d.of(7, 9, 32, 3, 3, 1, 1, Padding.VALID);
        float[] wx = new float[wide.inSize()];
        float[] wk = new float[wide.patchSize() * 32];
        float[] wout = new float[wide.outPositions() * 32];
        kernels.put("conv2d Winograd", () -> k.conv2d(wide, 32, 1, wx, 0, wk, 0, d, 0, true, wout, 0));
        kernels.put("conv2d Winograd, no bias", () -> k.conv2d(wide, 32, 1, wx, 0, wk, 0, null, 0, false, wout, 0));
        kernels.put("conv2dBackwardData Winograd", () -> k.conv2dBackwardData(wide, 32, 1, wout, 0, wk, 0, 1f, wx, 0));
        kernels.put("conv2dBackwardData Winograd, beta 0",
                () -> k.conv2dBackwardData(wide, 32, 1, wout, 0, wk, 0, 0f, wx, 0));
        // Fewer filters than lanes: the patch matrix and a GEMM.
        kernels.put("conv2d narrow", () -> k.conv2d(few, 5, 1, a, 0, b, 0, d, 0, true, c, 0));
        kernels.put("conv2dBackwardData narrow", () -> k.conv2dBackwardData(few, 5, 1, a, 0, b, 0, 1f, c, 0));
        kernels.put("conv2dBackwardKernel narrow", () -> k.conv2dBackwardKernel(few, 5, 1, a, 0, b, 0, 0f, c, 0));
        Window2d pool = Window2d.of(8, 9, 33, 2, 2, 2, 2, Padding.VALID);
        kernels.put("maxPool2d", () -> k.maxPool2d(pool, 1, a, 0, c, 0));
        kernels.put("maxPool2dBackward", () -> k.maxPool2dBackward(pool, 1, a, 0, c, 0, b, 0, 0f, d, 0));
        // Even sides, stride 2, beta 0: the gradient is written rather than added (its own branch).
        Window2d tiled = Window2d.of(8, 8, 33, 2, 2, 2, 2, Padding.VALID);
        float[] pooled = new float[tiled.outPositions() * tiled.channels()];
        kernels.put("maxPool2dBackward written", () -> {
            k.maxPool2d(tiled, 1, a, 0, pooled, 0);
            k.maxPool2dBackward(tiled, 1, a, 0, pooled, 0, b, 0, 0f, d, 0);
        });
        boolean oldVectorApi = Runtime.version().feature() < 21;
        for (Map.Entry<String, Runnable> kernel : kernels.entrySet()) {
            long bytes = bestWindow(kernel.getValue());
            if (oldVectorApi && JDK17_MAY_BOX.contains(kernel.getKey())) {
                System.out.println("JDK " + Runtime.version().feature() + ": " + kernel.getKey() + " allocates "
                        + bytes / WINDOW + " bytes per call (a known JDK 17 limitation, not asserted)");
                continue;
            }
            assertEquals(0, bytes, kernel.getKey() + ": bytes in the best window of " + WINDOW + " calls");
        }
    }

    /** The fewest bytes allocated in any window of calls, after a warm-up; stops at the first window with none. */
    private static long bestWindow(Runnable call) {
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 3000; i++) {
            call.run();
        }
        long best = Long.MAX_VALUE;
        for (int window = 0; window < MAX_WINDOWS && best > 0; window++) {
            long before = THREADS.getThreadAllocatedBytes(tid);
            for (int i = 0; i < WINDOW; i++) {
                call.run();
            }
            best = Math.min(best, THREADS.getThreadAllocatedBytes(tid) - before);
        }
        return best;
    }
}
