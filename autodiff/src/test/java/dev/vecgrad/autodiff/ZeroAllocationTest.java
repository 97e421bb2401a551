package dev.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vecgrad.autodiff.CaseStudyNet.NoiseAt;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.core.kernels.ScalarKernels;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, a training step of the case-study network (forward, backward, an Adam
 * update; training and an evaluation pass on the test rows, as fit does every epoch)
 * allocates nothing on the heap: nodes and buffers are recycled, and no Vector API value is
 * boxed. Measured with the JVM's per-thread allocation counter, not with a clock.
 *
 * <p>While the JIT is still compiling, code runs in tiers that do allocate (the Vector API
 * is only free of allocation once C2 has compiled it). So the test measures windows of steps
 * after a warm-up and requires that the steps reach zero: a window of steps with no
 * allocation at all. A real leak (an array per step, a boxed vector per call) never does.
 */
class ZeroAllocationTest {

    @Test
    void aWarmTrainingStepAllocatesNothing() {
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), KernelProvider.simd()}) {
            for (NoiseAt at : NoiseAt.values()) {
                long best = Long.MAX_VALUE;
                for (int window = 0; window < 12 && best > 0; window++) {
                    best = Math.min(best, bytesPerStep(kernels, at));
                }
                // One float array of the hidden layer would be 60,000 bytes a step.
                assertEquals(0, best, kernels.name() + ", noise " + at + ": bytes per step in the best window");
            }
        }
    }

    private static long bytesPerStep(Kernels kernels, NoiseAt at) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom r = new SplittableRandom(1);
        Tensor xTrain = CaseStudyGradientProperties.random(r, 1f, 30, 2);
        Tensor yTrain = Tensor.zeros(30, 1);
        Tensor xTest = CaseStudyGradientProperties.random(r, 1f, 70, 2);
        Param w1 = new Param("w1", CaseStudyGradientProperties.random(r, 0.1f, 2, 500));
        Param b1 = new Param("b1", Tensor.zeros(500));
        Param w2 = new Param("w2", CaseStudyGradientProperties.random(r, 0.1f, 500, 1));
        Param b2 = new Param("b2", Tensor.zeros(1));
        Param[] params = {w1, b1, w2, b2};
        float[][] m = new float[4][];
        float[][] v = new float[4][];
        for (int i = 0; i < 4; i++) {
            m[i] = new float[params[i].size()];
            v[i] = new float[params[i].size()];
        }
        Tape tape = new Tape(kernels);
        long measuredFrom = 0;
        long before = 0;
        int warmup = 1500;
        int measured = 300;
        long tid = Thread.currentThread().getId();
        for (int step = 0; step < warmup + measured; step++) {
            if (step == warmup) {
                before = threads.getThreadAllocatedBytes(tid);
                measuredFrom = step;
            }
            tape.reset();
            tape.setStep(step);
            tape.setMode(Mode.TRAINING);
            tape.setGradEnabled(true);
            for (Param p : params) {
                p.zeroGrad();
            }
            Node loss = CaseStudyNet.loss(tape.constant(xTrain), tape.constant(yTrain), tape.param(w1), tape.param(b1),
                    tape.param(w2), tape.param(b2), at, 0.1f);
            tape.backward(loss);
            for (int i = 0; i < 4; i++) {
                kernels.adamUpdate(params[i].size(), params[i].value().data(), 0, params[i].gradData(), 0,
                        m[i], 0, v[i], 0, 0.9f, 0.999f, 1e-3f, 1e-7f);
            }
            // Evaluation on the test rows, as fit does after each epoch.
            tape.reset();
            tape.setMode(Mode.INFERENCE);
            tape.setGradEnabled(false);
            CaseStudyNet.logits(tape.constant(xTest), tape.param(w1), tape.param(b1), tape.param(w2), tape.param(b2),
                    at, 0.1f);
        }
        return (threads.getThreadAllocatedBytes(tid) - before) / (warmup + measured - measuredFrom);
    }
}
