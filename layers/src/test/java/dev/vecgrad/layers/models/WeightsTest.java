package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras's {@code get_weights} / {@code set_weights}: order, copies, moving weights between models, and refusals. */
class WeightsTest {

    private static Sequential tutorialNet(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(5).inputDim(2));
        model.add(new GaussianNoise(0.1));
        model.add(new Dense(1, "sigmoid"));
        return model;
    }

    private static final Tensor X = Tensor.of(new float[][] {{0.5f, -1f}, {2f, 0.25f}, {-0.75f, 0.1f}});

    @Test
    void weightsComeLayerByLayerKernelThenBias() {
        List<Tensor> weights = tutorialNet(1).getWeights();
        assertEquals(4, weights.size());
        assertArrayEquals(new int[] {2, 5}, weights.get(0).shape());
        assertArrayEquals(new int[] {5}, weights.get(1).shape());
        assertArrayEquals(new int[] {5, 1}, weights.get(2).shape());
        assertArrayEquals(new int[] {1}, weights.get(3).shape());
        Sequential lstm = new Sequential(1);
        lstm.add(new LSTM(3).inputShape(4, 2));
        List<Tensor> lstmWeights = lstm.getWeights();
        // Keras: kernel (input, 4 units), recurrent_kernel (units, 4 units), bias (4 units).
        assertArrayEquals(new int[] {2, 12}, lstmWeights.get(0).shape());
        assertArrayEquals(new int[] {3, 12}, lstmWeights.get(1).shape());
        assertArrayEquals(new int[] {12}, lstmWeights.get(2).shape());
    }

    @Test
    void getWeightsReturnsCopies() {
        Sequential model = tutorialNet(1);
        Tensor before = model.predict(X);
        for (Tensor w : model.getWeights()) {
            w.fill(7f);
        }
        assertArrayEquals(before.toArray(), model.predict(X).toArray());
    }

    @Test
    void weightsMovedToAnotherModelGiveItTheSamePredictions() {
        Sequential source = tutorialNet(1);
        Sequential target = tutorialNet(2);
        assertTrue(differs(source.predict(X), target.predict(X)), "different seeds, different weights");
        target.setWeights(source.getWeights());
        assertArrayEquals(source.predict(X).toArray(), target.predict(X).toArray());
        // Copied in: changing the list afterwards does not reach the model.
        List<Tensor> weights = source.getWeights();
        target.setWeights(weights);
        weights.get(0).fill(3f);
        assertArrayEquals(source.predict(X).toArray(), target.predict(X).toArray());
    }

    @Test
    void aWrongListIsRefusedWithTheWeightNamedAndChangesNothing() {
        Sequential model = tutorialNet(1);
        Tensor before = model.predict(X);
        List<Tensor> weights = model.getWeights();

        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> model.setWeights(weights.subList(0, 3)));
        assertTrue(count.getMessage().contains("4 weights, got 3"), count.getMessage());

        List<Tensor> badShape = new ArrayList<>(weights);
        badShape.set(2, Tensor.zeros(1, 5));
        weights.get(0).fill(0.5f);                  // a change in the first layer that must not land
        badShape.set(0, weights.get(0));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> model.setWeights(badShape));
        assertTrue(shape.getMessage().contains("dense_1/kernel") && shape.getMessage().contains("(5, 1)")
                && shape.getMessage().contains("(1, 5)"), shape.getMessage());
        assertArrayEquals(before.toArray(), model.predict(X).toArray(), "nothing changed");

        List<Tensor> notFinite = model.getWeights();
        notFinite.get(3).set(Float.NaN, 0);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> model.setWeights(notFinite));
        assertTrue(nan.getMessage().contains("dense_1/bias") && nan.getMessage().contains("NaN"), nan.getMessage());
    }

    @Test
    void aModelNotBuiltHasNoWeightsAndTakesNone() {
        Sequential model = new Sequential(1);
        model.add(new Dense(3));
        assertTrue(model.getWeights().isEmpty());
        assertThrows(IllegalStateException.class, () -> model.setWeights(List.of(Tensor.zeros(2, 3))));
    }

    private static boolean differs(Tensor a, Tensor b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                return true;
            }
        }
        return false;
    }
}
