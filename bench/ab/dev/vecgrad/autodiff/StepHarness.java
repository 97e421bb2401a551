package dev.vecgrad.autodiff;

import dev.vecgrad.autodiff.CaseStudyNet.NoiseAt;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.util.SplittableRandom;

/** The case-study step and the kernels it calls, loaded once per tree (its own class loader): ns per call of a task. */
public final class StepHarness {
    static final Kernels K = KernelProvider.simd();
    static final int N = 4099;
    static float[] A, B, C;
    /** The driver's arrays, the same for both versions (their alignment moves a kernel's time by up to 1.6x). */
    public static void use(float[] a, float[] b, float[] c) { A = a; B = b; C = c; }
    static final Step STEP_A = new Step(NoiseAt.NONE), STEP_C = new Step(NoiseAt.AFTER_RELU), STEP_I = new Step(NoiseAt.INPUT);
    public static final String[] TASKS = {"axpby b1", "axpby b0", "mulAdd b1", "columnSums b1 40x100", "reluBackward b0", "reluBackward b1",
            "sigmoidBackward b1", "tanhBackward b0", "step a", "step c", "step input"};

    public static double nsPerCall(int task, int reps) {
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            switch (task) {
                case 0: K.axpby(N, 0.5f, A, 0, 1f, C, 0); break;
                case 1: K.axpby(N, 0.5f, A, 0, 0f, C, 0); break;
                case 2: K.mulAdd(N, A, 0, B, 0, 1f, C, 0); break;
                case 3: K.columnSums(40, 100, A, 0, 1f, C, 0); break;
                case 4: K.reluBackward(N, A, 0, B, 0, 0f, C, 0); break;
                case 5: K.reluBackward(N, A, 0, B, 0, 1f, C, 0); break;
                case 6: K.sigmoidBackward(N, A, 0, B, 0, 1f, C, 0); break;
                case 7: K.tanhBackward(N, A, 0, B, 0, 0f, C, 0); break;
                case 8: STEP_A.run(); break;
                case 9: STEP_C.run(); break;
                default: STEP_I.run(); break;
            }
            if ((r & 63) == 0 && Float.isNaN(C[r % N] * 0f)) { throw new AssertionError(); }
        }
        return (System.nanoTime() - t0) / (double) reps;
    }

    static final class Step {
        final NoiseAt at; final Tensor xTrain, yTrain = Tensor.zeros(30, 1), xTest;
        final Param w1, b1 = new Param("b1", Tensor.zeros(500)), w2, b2 = new Param("b2", Tensor.zeros(1));
        final Param[] params; final float[][] m = new float[4][], v = new float[4][]; final Tape tape; int step;
        Step(NoiseAt at) {
            this.at = at; SplittableRandom r = new SplittableRandom(1);
            xTrain = CaseStudyGradientProperties.random(r, 1f, 30, 2); xTest = CaseStudyGradientProperties.random(r, 1f, 70, 2);
            w1 = new Param("w1", CaseStudyGradientProperties.random(r, 0.1f, 2, 500));
            w2 = new Param("w2", CaseStudyGradientProperties.random(r, 0.1f, 500, 1));
            params = new Param[] {w1, b1, w2, b2};
            for (int i = 0; i < 4; i++) { m[i] = new float[params[i].size()]; v[i] = new float[params[i].size()]; }
            tape = new Tape(K);
        }
        void run() {
            tape.reset(); tape.setStep(step++ & 0xFFFFFFFFL); tape.setMode(Mode.TRAINING); tape.setGradEnabled(true);
            for (Param p : params) { p.zeroGrad(); }
            Node loss = CaseStudyNet.loss(tape.constant(xTrain), tape.constant(yTrain), tape.param(w1), tape.param(b1),
                    tape.param(w2), tape.param(b2), at, 0.1f);
            tape.backward(loss);
            for (int i = 0; i < 4; i++) {
                K.adamUpdate(params[i].size(), params[i].value().data(), 0, params[i].gradData(), 0, m[i], 0, v[i], 0,
                        0.9f, 0.999f, 1e-3f, 1e-7f);
            }
            tape.reset(); tape.setMode(Mode.INFERENCE); tape.setGradEnabled(false);
            CaseStudyNet.logits(tape.constant(xTest), tape.param(w1), tape.param(b1), tape.param(w2), tape.param(b2), at, 0.1f);
        }
    }
}
