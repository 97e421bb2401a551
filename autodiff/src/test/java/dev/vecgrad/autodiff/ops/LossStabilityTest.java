package dev.vecgrad.autodiff.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.core.Tensor;
import org.junit.jupiter.api.Test;

class LossStabilityTest {

    @Test
    void binaryCrossEntropyOnExtremeLogitsIsFinite() {
        float[] z = {100f, -100f, 100f, -100f, 0f, 1e30f, -1e30f};
        float[] y = {1f, 0f, 0f, 1f, 1f, 1f, 1f};
        Tape tape = new Tape();
        Param logits = new Param("z", Tensor.wrap(z.clone(), 7, 1));
        Node loss = SigmoidBinaryCrossEntropy.apply(tape.param(logits), tape.constant(Tensor.wrap(y, 7, 1)));
        assertTrue(Float.isFinite(loss.item()), "loss " + loss.item());
        // Exact per-element losses: 0, 0, 100, 100, ln 2, 0, 1e30.
        double expected = (0 + 0 + 100 + 100 + Math.log(2) + 0 + 1e30) / 7;
        assertEquals(expected, loss.item(), 1e-6 * expected);
        tape.backward(loss);
        float[] g = logits.gradData();
        for (float v : g) {
            assertTrue(Float.isFinite(v), "gradient " + v);
        }
        assertEquals(0f, g[0], 1e-12f);
        assertEquals(1f / 7, g[2], 1e-7f);                                  // (sigmoid(100) - 0) / 7
        assertEquals(-1f / 7, g[3], 1e-7f);
        assertEquals(-0.5f / 7, g[4], 1e-7f);
    }

    @Test
    void binaryCrossEntropyMatchesTheTextbookFormulaOnModerateLogits() {
        float[] z = {-2f, -0.5f, 0.3f, 1.7f};
        float[] y = {0f, 1f, 1f, 0f};
        Tape tape = new Tape();
        Node loss = SigmoidBinaryCrossEntropy.apply(tape.constant(Tensor.wrap(z, 4)), tape.constant(Tensor.wrap(y, 4)));
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double p = 1 / (1 + Math.exp(-z[i]));
            expected -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
        }
        assertEquals(expected / 4, loss.item(), 1e-6);
    }

    @Test
    void softmaxCrossEntropyOnHugeLogitsIsFinite() {
        Tape tape = new Tape();
        Param logits = new Param("z", Tensor.wrap(new float[] {1000f, -1000f, 0f, 0f, 0f, 500f}, 2, 3));
        Tensor labels = Tensor.wrap(new float[] {0f, 1f, 0f, 1f, 0f, 0f}, 2, 3);
        Node loss = SoftmaxCrossEntropy.apply(tape.param(logits), tape.constant(labels));
        // Row 0: 1000 - (-1000) = 2000; row 1: 500 - 0 = 500 (log(1 + 2e^-500) is 0 in double).
        assertEquals(1250f, loss.item(), 1e-3f);
        tape.backward(loss);
        for (float v : logits.gradData()) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(0.5f, logits.gradData()[0], 1e-6f);                  // (1 - 0) / 2
        assertEquals(-0.5f, logits.gradData()[1], 1e-6f);                 // (0 - 1) / 2
    }

    @Test
    void meanSquaredErrorIsTheMeanOfSquares() {
        Tape tape = new Tape();
        Node loss = MeanSquaredDifference.apply(tape.constant(Tensor.wrap(new float[] {1f, 2f, 3f}, 3)),
                tape.constant(Tensor.wrap(new float[] {1f, 0f, 6f}, 3)));
        assertEquals((0 + 4 + 9) / 3f, loss.item(), 1e-6f);
    }
}
