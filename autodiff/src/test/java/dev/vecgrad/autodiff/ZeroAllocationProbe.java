package dev.vecgrad.autodiff;

import dev.vecgrad.autodiff.CaseStudyNet.NoiseAt;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Run in a JVM of its own by {@link ZeroAllocationTest}: trains the case-study network step
 * by step, for each kernel set and noise placement, in windows of {@value #WINDOW} steps until
 * a window allocates nothing, and prints one line per case:
 * {@code case <kernels> <placement> <bytes of each window, comma-separated>}. A case that
 * never gets there is followed by {@code site} lines: where its steps allocate, from JFR.
 */
public final class ZeroAllocationProbe {

    static final int WINDOW = 500;
    static final int MAX_STEPS = 100_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ZeroAllocationProbe() {
    }

    public static void main(String[] args) {
        for (Kernels kernels : new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()}) {
            for (NoiseAt at : NoiseAt.values()) {
                CaseStudyStep step = new CaseStudyStep(kernels, at);
                List<String> windows = new ArrayList<>();
                long bytes = Long.MAX_VALUE;
                for (int done = 0; done < MAX_STEPS && bytes > 0; done += WINDOW) {
                    bytes = allocatedBy(step, WINDOW);
                    windows.add(Long.toString(bytes));
                }
                System.out.println("case " + kernels.name() + " " + at + " " + String.join(",", windows));
                if (bytes > 0) {
                    // JFR samples an allocation when a thread takes a new TLAB: 100,000 steps
                    // of even 32 bytes fill a few.
                    AllocationSites.sample(step::run, MAX_STEPS).lines().forEach(l -> System.out.println("site " + l));
                }
            }
        }
    }

    /** Bytes this thread allocated while running {@code steps} steps. */
    private static long allocatedBy(CaseStudyStep step, int steps) {
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return THREADS.getThreadAllocatedBytes(tid) - before;
    }

    /** The case study's training step and its evaluation pass, on data and weights made once. */
    private static final class CaseStudyStep {
        private final Kernels kernels;
        private final NoiseAt at;
        private final Tensor xTrain;
        private final Tensor yTrain = Tensor.zeros(30, 1);
        private final Tensor xTest;
        private final Param w1;
        private final Param b1 = new Param("b1", Tensor.zeros(500));
        private final Param w2;
        private final Param b2 = new Param("b2", Tensor.zeros(1));
        private final Param[] params;
        private final float[][] m = new float[4][];
        private final float[][] v = new float[4][];
        private final Tape tape;
        private int step;

        CaseStudyStep(Kernels kernels, NoiseAt at) {
            this.kernels = kernels;
            this.at = at;
            SplittableRandom r = new SplittableRandom(1);
            xTrain = CaseStudyGradientProperties.random(r, 1f, 30, 2);
            xTest = CaseStudyGradientProperties.random(r, 1f, 70, 2);
            w1 = new Param("w1", CaseStudyGradientProperties.random(r, 0.1f, 2, 500));
            w2 = new Param("w2", CaseStudyGradientProperties.random(r, 0.1f, 500, 1));
            params = new Param[] {w1, b1, w2, b2};
            for (int i = 0; i < 4; i++) {
                m[i] = new float[params[i].size()];
                v[i] = new float[params[i].size()];
            }
            tape = new Tape(kernels);
        }

        void run() {
            tape.reset();
            tape.setStep(step++ & 0xFFFFFFFFL);
            tape.setMode(Mode.TRAINING);
            tape.setGradEnabled(true);
            for (Param p : params) {
                p.zeroGrad();
            }
            Node loss = CaseStudyNet.loss(tape.constant(xTrain), tape.constant(yTrain), tape.param(w1),
                    tape.param(b1), tape.param(w2), tape.param(b2), at, 0.1f);
            tape.backward(loss);
            for (int i = 0; i < 4; i++) {
                kernels.adamUpdate(params[i].size(), params[i].value().data(), 0, params[i].gradData(), 0,
                        m[i], 0, v[i], 0, 0.9f, 0.999f, 1e-3f, 1e-7f);
            }
            // Evaluation on the test rows, as fit does after each epoch.
            tape.reset();
            tape.setMode(Mode.INFERENCE);
            tape.setGradEnabled(false);
            CaseStudyNet.logits(tape.constant(xTest), tape.param(w1), tape.param(b1), tape.param(w2),
                    tape.param(b2), at, 0.1f);
        }
    }
}
