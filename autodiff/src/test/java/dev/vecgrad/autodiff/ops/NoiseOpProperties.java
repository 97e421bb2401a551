package dev.vecgrad.autodiff.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.core.Tensor;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/** What the noise ops do besides their gradients: identity in inference, statistics, reproducibility. */
class NoiseOpProperties {

    interface NoiseOp {
        Node apply(Node x, float amount, int noiseId);
    }

    static final NoiseOp[] ALL = {AdditiveNoise::apply, MultiplicativeNoise::apply, InvertedDropout::apply};

    private static Tensor ramp(int n) {
        Tensor t = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            t.data()[i] = (i % 17) * 0.25f - 2f;
        }
        return t;
    }

    @Property(tries = 30)
    void inferenceIsExactlyTheIdentityAndRecordsNothing(@ForAll @IntRange(min = 1, max = 500) int n,
                                                        @ForAll @FloatRange(min = 0f, max = 0.9f) float amount) {
        for (NoiseOp op : ALL) {
            Tape tape = new Tape();
            tape.setMode(Mode.INFERENCE);
            Node x = tape.param(new Param("x", ramp(n)));
            int before = tape.nodeCount();
            Node out = op.apply(x, amount, 7);
            assertSame(x, out, "inference returns the input node itself");
            assertEquals(before, tape.nodeCount(), "no node added");
            assertEquals(0, tape.recordedNodes());
        }
    }

    @Property(tries = 20)
    void sameSeedAndStepGiveTheSameNoiseAndANewStepGivesNew(@ForAll long seed,
                                                            @ForAll @IntRange(min = 0, max = 1000) int step) {
        for (NoiseOp op : ALL) {
            float[] first = draw(op, seed, step, 3);
            assertArrayEquals(first, draw(op, seed, step, 3), "same seed, step, id");
            assertFalse(Arrays.equals(first, draw(op, seed, step + 1, 3)), "next step");
            assertFalse(Arrays.equals(first, draw(op, seed, step, 4)), "another noise id");
            assertFalse(Arrays.equals(first, draw(op, seed + 1, step, 3)), "another seed");
        }
    }

    private static float[] draw(NoiseOp op, long seed, long step, int noiseId) {
        Tape tape = new Tape();
        tape.setSeed(seed);
        tape.setStep(step);
        Node out = op.apply(tape.constant(ramp(300)), 0.3f, noiseId);
        return out.value().toArray();
    }

    private static final int N = 400_000;

    @Example
    void additiveNoiseHasMeanZeroAndTheGivenStddev() {
        Tape tape = new Tape();
        tape.setSeed(11);
        Tensor x = ramp(N);
        float[] out = AdditiveNoise.apply(tape.constant(x), 0.1f, 0).value().toArray();
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < N; i++) {
            double d = out[i] - x.data()[i];
            mean += d;
            sq += d * d;
        }
        mean /= N;
        double std = Math.sqrt(sq / N - mean * mean);
        assertEquals(0, mean, 5 * 0.1 / Math.sqrt(N));
        assertEquals(0.1, std, 5 * 0.1 / Math.sqrt(2.0 * N));
    }

    @Example
    void multiplicativeNoiseHasMeanOneAndStddevSqrtRateOverKeep() {
        Tape tape = new Tape();
        Node out = MultiplicativeNoise.apply(tape.constant(Tensor.full(1f, N)), 0.2f, 0);
        double expectedStd = Math.sqrt(0.2 / 0.8);
        double mean = 0;
        double sq = 0;
        for (float v : out.value().toArray()) {
            mean += v;
            sq += v * v;
        }
        mean /= N;
        double std = Math.sqrt(sq / N - mean * mean);
        assertEquals(1, mean, 5 * expectedStd / Math.sqrt(N));
        assertEquals(expectedStd, std, 5 * expectedStd / Math.sqrt(2.0 * N));
    }

    @Example
    void dropoutZeroesAboutRateAndScalesTheRestToKeepTheMean() {
        Tape tape = new Tape();
        Node out = InvertedDropout.apply(tape.constant(Tensor.full(2f, N)), 0.25f, 0);
        int zeros = 0;
        double total = 0;
        for (float v : out.value().toArray()) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(2f / 0.75f, v, 1e-6f);
            }
            total += v;
        }
        assertEquals(0.25, zeros / (double) N, 5 * Math.sqrt(0.25 * 0.75 / N));
        assertEquals(2.0, total / N, 5 * 2 * Math.sqrt(0.25 / 0.75 / N));
    }

    @Example
    void monteCarloModeDrawsNoiseWithoutTraining() {
        Tape tape = new Tape();
        tape.setMode(Mode.MONTE_CARLO);
        tape.setGradEnabled(false);
        Node x = tape.constant(ramp(100));
        Node out = AdditiveNoise.apply(x, 0.5f, 0);
        assertNotSame(x, out);
        assertFalse(Arrays.equals(x.value().toArray(), out.value().toArray()));
        assertEquals(0, tape.recordedNodes());
    }

    @Example
    void theNextLayerSeesTheNoisyValues() {
        // The weight gradient of y = noisy(x) * w is the noisy x, not the clean one.
        Tape tape = new Tape();
        tape.setSeed(3);
        Param w = new Param("w", Tensor.full(1f, 50));
        Node x = tape.constant(ramp(50));
        Node noisy = AdditiveNoise.apply(x, 0.5f, 0);
        tape.backward(Sum.apply(Mul.apply(noisy, tape.param(w))));
        assertArrayEquals(noisy.value().toArray(), w.gradData());
        assertFalse(Arrays.equals(x.value().toArray(), w.gradData()));
    }

    @Example
    void badAmountsAreRejected() {
        Tape tape = new Tape();
        Node x = tape.constant(ramp(4));
        for (float bad : new float[] {-0.1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdditiveNoise.apply(x, bad, 0));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
        for (float bad : new float[] {-0.1f, 1f, 1.5f, Float.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> InvertedDropout.apply(x, bad, 0));
            assertThrows(IllegalArgumentException.class, () -> MultiplicativeNoise.apply(x, bad, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> AdditiveNoise.apply(x, 0.1f, -1));
        // Large stddevs are allowed (Keras 3 caps it at 1; unscaled inputs need more).
        AdditiveNoise.apply(x, 25f, 0);
    }
}
