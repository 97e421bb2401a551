package dev.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.CaseStudyNet.NoiseAt;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Gradients of the whole case-study network (with noise on the inputs, before the ReLU or
 * after it) with respect to every weight and bias, against central differences. The noise
 * draw is held fixed by the tape's seed and step; the inputs and labels are constants.
 */
class CaseStudyGradientProperties {

    /** Same reasoning as {@code OpGradientProperties}: two matmuls deep, outputs below 10. */
    static final GradCheck.Options OPTIONS = GradCheck.Options.defaults().withTolerances(1e-3, 1e-3);

    @Property(tries = 40)
    void everyWeightAndBiasMatchesCentralDifferences(@ForAll @IntRange(min = 1, max = 16) int batch,
                                                     @ForAll @IntRange(min = 1, max = 20) int hidden,
                                                     @ForAll NoiseAt at, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = random(r, 1.5f, batch, 2);
        Tensor y = Tensor.zeros(batch, 1);
        for (int i = 0; i < batch; i++) {
            y.data()[i] = r.nextBoolean() ? 1f : 0f;
        }
        Tensor w1 = random(r, 1f, 2, hidden);
        Tensor w2 = random(r, 1f, hidden, 1);
        Tensor b2 = random(r, 0.5f, 1);
        float stddev = at == NoiseAt.INPUT ? 0.01f : 0.1f;

        // Stay away from ReLU kinks: a perturbation moves a pre-activation by at most
        // 2h (1 + max|x| + noise) here; require twice that. Each unit's bias is drawn until its
        // pre-activations clear the margin, then the assumption checks the whole layer.
        double margin = 4 * OPTIONS.step() * (1 + 1.5 + 4 * stddev);
        float[] base = preActivations(x, w1, Tensor.zeros(hidden), at, stddev, seed);
        Tensor b1 = Tensor.zeros(hidden);
        for (int j = 0; j < hidden; j++) {
            for (int attempt = 0; attempt < 50 && nearKink(base, batch, hidden, j, b1.data()[j], margin); attempt++) {
                b1.data()[j] = (float) ((r.nextDouble() * 2 - 1) * 0.5);
            }
        }
        float[] z = preActivations(x, w1, b1, at, stddev, seed);
        for (float v : z) {
            Assume.that(Math.abs(v) > margin);
        }

        for (Kernels kernels : new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()}) {
            GradCheck.Report report = GradCheck.check(
                    (tape, in) -> CaseStudyNet.loss(tape.constant(x), tape.constant(y), in[0], in[1], in[2], in[3], at, stddev),
                    OPTIONS.withKernels(kernels).withSeed(seed), w1, b1, w2, b2);
            assertTrue(report.passed(), at + ", " + kernels.name() + ": " + report);
        }
    }

    /** The hidden pre-activations the network computes (noise included), on a tape with the check's seed and step. */
    private static float[] preActivations(Tensor x, Tensor w1, Tensor b1, NoiseAt at, float stddev, long seed) {
        Tape probe = new Tape();
        probe.setSeed(seed);
        Node z = CaseStudyNet.hiddenPreActivation(probe.constant(x), probe.constant(w1), probe.constant(b1), at, stddev);
        return z.value().toArray();
    }

    /** Whether unit j's pre-activations, with bias b instead of 0, come within the margin of the kink. */
    private static boolean nearKink(float[] base, int batch, int hidden, int j, float b, double margin) {
        for (int i = 0; i < batch; i++) {
            if (Math.abs(base[i * hidden + j] + b) <= margin) {
                return true;
            }
        }
        return false;
    }

    static Tensor random(SplittableRandom r, float range, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) ((r.nextDouble() * 2 - 1) * range);
        }
        return t;
    }
}
