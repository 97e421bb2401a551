package dev.vecgrad.autodiff;

import dev.vecgrad.autodiff.CaseStudyNet.NoiseAt;
import dev.vecgrad.autodiff.ops.Conv2d;
import dev.vecgrad.autodiff.ops.Linear;
import dev.vecgrad.autodiff.ops.MaxPool2d;
import dev.vecgrad.autodiff.ops.ReluHiddenDot;
import dev.vecgrad.autodiff.ops.Reshape;
import dev.vecgrad.autodiff.ops.SigmoidBinaryCrossEntropy;
import dev.vecgrad.autodiff.ops.SparseSoftmaxCrossEntropy;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Run in a JVM of its own by {@link ZeroAllocationTest}, for one kernel set (the first
 * argument, {@code scalar} or {@code simd}): trains the case-study network, as the autodiff ops
 * at each noise placement and as its Dense layers run it (or, with the second argument
 * {@code cnn}, a small CNN), step by step, in windows of {@value #WINDOW} steps until a window
 * allocates nothing, and prints one line per case:
 * {@code case <kernels> <placement, or CNN> <bytes of each window, comma-separated>}. A case that
 * never gets there is followed by {@code site} lines: where its steps allocate, from JFR.
 *
 * <p>One kernel set per JVM, as a program has (the set is chosen once, at start-up). With both
 * in one JVM, the kernel calls C2 had compiled for the scalar set were thrown out when the SIMD
 * steps began and compiled again on profiles that had barely seen the SIMD kernels; in one JDK 25
 * JVM in a few dozen, {@code columnSums} then ran the Vector API's boxing Java fallback inlined
 * into compiled code, for good (180 KB a step), and a CI run failed on it.
 */
public final class ZeroAllocationProbe {

    static final int WINDOW = 500;
    static final int MAX_STEPS = 100_000;
    /**
     * The CNN's steps are 10-20 times the case study's, and reached zero within 4,000 (scalar
     * 2,000, SIMD 4,000 here): 12,000 keeps a failing scalar run (a step of about 6 ms) near a
     * minute and a quarter.
     */
    static final int CNN_MAX_STEPS = 12_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ZeroAllocationProbe() {
    }

    /** Arguments: the kernel set, {@code scalar} or {@code simd}; then {@code cnn} for the CNN's case. */
    public static void main(String[] args) {
        if (args.length == 0 || args.length > 2 || (args.length == 2 && !args[1].equals("cnn"))) {
            throw new IllegalArgumentException("usage: ZeroAllocationProbe scalar|simd [cnn], got "
                    + String.join(" ", args));
        }
        Kernels kernels = switch (args[0]) {
            case "scalar" -> KernelProvider.scalar();
            case "simd" -> KernelProvider.simd();
            default -> throw new IllegalArgumentException("kernel set must be scalar or simd, got " + args[0]);
        };
        if (args.length == 2) {
            probe("case " + kernels.name() + " CNN ", new CnnStep(kernels)::run, CNN_MAX_STEPS);
            return;
        }
        for (NoiseAt at : NoiseAt.values()) {
            probe("case " + kernels.name() + " " + at + " ", new CaseStudyStep(kernels, at, false)::run, MAX_STEPS);
        }
        probe("case " + kernels.name() + " DENSE ", new CaseStudyStep(kernels, null, false)::run, MAX_STEPS);
        probe("case " + kernels.name() + " HIDDEN_DOT ", new CaseStudyStep(kernels, null, true)::run, MAX_STEPS);
    }

    /** Windows of steps until one allocates nothing; one line, and JFR's allocation sites if none did. */
    private static void probe(String label, Runnable step, int maxSteps) {
        List<String> windows = new ArrayList<>();
        long bytes = Long.MAX_VALUE;
        for (int done = 0; done < maxSteps && bytes > 0; done += WINDOW) {
            long tid = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(tid);
            for (int i = 0; i < WINDOW; i++) {
                step.run();
            }
            bytes = THREADS.getThreadAllocatedBytes(tid) - before;
            windows.add(Long.toString(bytes));
        }
        System.out.println(label + String.join(",", windows));
        if (bytes > 0) {
            // JFR samples an allocation when a thread takes a new TLAB: 100,000 steps of even
            // 32 bytes fill a few.
            AllocationSites.sample(step, maxSteps).lines().forEach(l -> System.out.println("site " + l));
        }
    }

    /**
     * A training step (forward, backward, an Adam update) and then an inference pass, as fit
     * does every epoch with validation data, on data and weights made once.
     */
    private abstract static class Step {
        final Kernels kernels;
        final Tape tape;
        private Param[] params;
        private float[][] m;
        private float[][] v;
        private int step;

        Step(Kernels kernels) {
            this.kernels = kernels;
            this.tape = new Tape(kernels);
        }

        /** The parameters Adam updates; call once from the constructor. */
        final void train(Param... trained) {
            params = trained;
            m = new float[params.length][];
            v = new float[params.length][];
            for (int i = 0; i < params.length; i++) {
                m[i] = new float[params[i].size()];
                v[i] = new float[params[i].size()];
            }
        }

        abstract Node loss();

        abstract void inference();

        final void run() {
            tape.reset();
            tape.setStep(step++ & 0xFFFFFFFFL);
            tape.setMode(Mode.TRAINING);
            tape.setGradEnabled(true);
            for (Param p : params) {
                p.zeroGrad();
            }
            tape.backward(loss());
            for (int i = 0; i < params.length; i++) {
                kernels.adamUpdate(params[i].size(), params[i].value().data(), 0, params[i].gradData(), 0,
                        m[i], 0, v[i], 0, 0.9f, 0.999f, 1e-3f, 1e-7f);
            }
            tape.reset();
            tape.setMode(Mode.INFERENCE);
            tape.setGradEnabled(false);
            inference();
        }
    }

    /**
     * A small CNN on one thread: Conv2D(32, 3, relu) twice on 12 x 12 x 1 images (rows of 10
     * and 8 output pixels: the SIMD kernels' 8-pixel blocks and single pixels, two vectors of
     * filters, the input gradient over 32 channels), 2 x 2 max pooling, a dense layer and sparse
     * cross-entropy. No noise layer: the case study covers the noise, and JDK 17's C2 boxes the
     * Gaussian transform now and then depending on what it compiled before (see
     * {@code SimdAllocationTest}).
     */
    private static final class CnnStep extends Step {
        private static final Window2d CONV1 = Window2d.of(12, 12, 1, 3, 3, 1, 1, Padding.VALID);
        private static final Window2d CONV2 = Window2d.of(10, 10, 32, 3, 3, 1, 1, Padding.VALID);
        private static final Window2d POOL = Window2d.of(8, 8, 32, 2, 2, 2, 2, Padding.VALID);
        private final Conv2d conv1 = new Conv2d(CONV1, 32, true);
        private final Conv2d conv2 = new Conv2d(CONV2, 32, true);
        private final MaxPool2d pool = new MaxPool2d(POOL);
        private final Tensor x;
        private final Tensor labels = Tensor.zeros(4, 1);
        private final Param[] params;

        CnnStep(Kernels kernels) {
            super(kernels);
            SplittableRandom r = new SplittableRandom(2);
            x = CaseStudyGradientProperties.random(r, 1f, 4, 12, 12, 1);
            for (int i = 0; i < 4; i++) {
                labels.data()[i] = i % 3;
            }
            params = new Param[] {
                    new Param("k1", CaseStudyGradientProperties.random(r, 0.3f, 3, 3, 1, 32)),
                    new Param("b1", Tensor.zeros(32)),
                    new Param("k2", CaseStudyGradientProperties.random(r, 0.1f, 3, 3, 32, 32)),
                    new Param("b2", Tensor.zeros(32)),
                    new Param("w", CaseStudyGradientProperties.random(r, 0.05f, 4 * 4 * 32, 3)),
                    new Param("b", Tensor.zeros(3))};
            train(params);
        }

        @Override
        Node loss() {
            return SparseSoftmaxCrossEntropy.apply(logits(), tape.constant(labels));
        }

        @Override
        void inference() {
            logits();
        }

        private Node logits() {
            Node h = conv1.apply(tape.constant(x), tape.param(params[0]), tape.param(params[1]));
            h = conv2.apply(h, tape.param(params[2]), tape.param(params[3]));
            return Linear.apply(Reshape.flatten(pool.apply(h)), tape.param(params[4]), tape.param(params[5]), false);
        }
    }

    /**
     * The case study's network: at a noise placement, built from MatMul, AddBias and Relu; with
     * none ({@code at} null), as its {@code Dense} layers run it: the fused {@link Linear} op
     * with its ReLU, whose backward takes the first layer's parameter gradients in one kernel
     * (its input, the data, needs none), then a one-unit {@code Linear}; or, with
     * {@code hiddenDot}, as a model of those two layers runs them: one {@link ReluHiddenDot}.
     */
    private static final class CaseStudyStep extends Step {
        private final NoiseAt at;
        private final boolean hiddenDot;
        private final Tensor xTrain;
        private final Tensor yTrain = Tensor.zeros(30, 1);
        private final Tensor xTest;
        private final Param w1;
        private final Param b1 = new Param("b1", Tensor.zeros(500));
        private final Param w2;
        private final Param b2 = new Param("b2", Tensor.zeros(1));

        CaseStudyStep(Kernels kernels, NoiseAt at, boolean hiddenDot) {
            super(kernels);
            this.at = at;
            this.hiddenDot = hiddenDot;
            SplittableRandom r = new SplittableRandom(1);
            xTrain = CaseStudyGradientProperties.random(r, 1f, 30, 2);
            xTest = CaseStudyGradientProperties.random(r, 1f, 70, 2);
            w1 = new Param("w1", CaseStudyGradientProperties.random(r, 0.1f, 2, 500));
            w2 = new Param("w2", CaseStudyGradientProperties.random(r, 0.1f, 500, 1));
            train(w1, b1, w2, b2);
        }

        @Override
        Node loss() {
            return SigmoidBinaryCrossEntropy.apply(logits(xTrain), tape.constant(yTrain));
        }

        @Override
        void inference() {
            logits(xTest);
        }

        private Node logits(Tensor x) {
            if (hiddenDot) {
                return ReluHiddenDot.apply(tape.constant(x), tape.param(w1), tape.param(b1), tape.param(w2),
                        tape.param(b2));
            }
            if (at == null) {
                Node h = Linear.apply(tape.constant(x), tape.param(w1), tape.param(b1), true);
                return Linear.apply(h, tape.param(w2), tape.param(b2), false);
            }
            return CaseStudyNet.logits(tape.constant(x), tape.param(w1), tape.param(b1), tape.param(w2), tape.param(b2),
                    at, 0.1f);
        }
    }
}
