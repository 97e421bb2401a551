package dev.vecgrad.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Sequential;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * LSTM: the tutorial's listing, Keras's weight layout and defaults, and the forward pass
 * against the cell's equations written out in double precision.
 */
class LstmLayerTest {

    /** The tutorial's listing, line for line, on sequences of 10 steps of 1 feature. */
    static Sequential tutorialLstm(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new LSTM(32).inputShape(10, 1));   // model.add(LSTM(32))
        model.add(new GaussianNoise(0.5));           // model.add(GaussianNoise(0.5))
        model.add(new Activation("relu"));           // model.add(Activation('relu'))
        model.add(new Dense(1));                     // model.add(Dense(1))
        return model;
    }

    @Test
    void theTutorialsLstmHasKerasShapesAndParameterCounts() {
        Sequential model = tutorialLstm(1);
        // Keras's summary: 4 * 32 * (1 + 32 + 1) = 4352 for the LSTM, 33 for the Dense.
        assertEquals(4352, model.layers().get(0).paramCount());
        assertEquals(33, model.layers().get(3).paramCount());
        assertArrayEquals(new int[] {1}, model.outputShape());
        assertArrayEquals(new int[] {5, 1}, model.predict(Tensor.zeros(5, 10, 1)).shape());
        assertEquals("lstm", model.layers().get(0).name());
    }

    @Test
    void kerasDefaultsUnitForgetBiasAndAnOrthogonalRecurrentKernel() {
        Sequential model = new Sequential(7);
        LSTM lstm = new LSTM(6);
        model.add(lstm.inputShape(3, 4));
        float[] bias = lstm.bias().value().data();
        for (int j = 0; j < 24; j++) {
            assertEquals(j >= 6 && j < 12 ? 1f : 0f, bias[j], "bias " + j);
        }
        // U is (6, 24): fewer rows than columns, so its rows are orthonormal.
        float[] u = lstm.recurrentKernel().value().data();
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                double dot = 0;
                for (int k = 0; k < 24; k++) {
                    dot += (double) u[a * 24 + k] * u[b * 24 + k];
                }
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-6, "row " + a + " . row " + b);
            }
        }
    }

    @Test
    void forwardFollowsTheCellEquationsInKerasGateOrder() {
        int t = 4, d = 3, units = 5, batch = 2;
        Sequential model = new Sequential(11);
        LSTM lstm = new LSTM(units).returnSequences(true);
        model.add(lstm.inputShape(t, d));
        // Random biases too, so that a gate read from the wrong block would show.
        SplittableRandom random = new SplittableRandom(3);
        float[] b = lstm.bias().value().data();
        for (int j = 0; j < b.length; j++) {
            b[j] = (float) (random.nextDouble() - 0.5);
        }
        Tensor x = Tensor.zeros(batch, t, d);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] out = model.predict(x).data();
        float[] w = lstm.kernel().value().data();
        float[] u = lstm.recurrentKernel().value().data();
        for (int n = 0; n < batch; n++) {
            double[] h = new double[units];
            double[] c = new double[units];
            for (int step = 0; step < t; step++) {
                double[] z = new double[4 * units];
                for (int j = 0; j < 4 * units; j++) {
                    z[j] = b[j];
                    for (int k = 0; k < d; k++) {
                        z[j] += x.data()[(n * t + step) * d + k] * (double) w[k * 4 * units + j];
                    }
                    for (int k = 0; k < units; k++) {
                        z[j] += h[k] * u[k * 4 * units + j];
                    }
                }
                for (int j = 0; j < units; j++) {
                    double i = sigmoid(z[j]), f = sigmoid(z[units + j]);
                    double g = Math.tanh(z[2 * units + j]), o = sigmoid(z[3 * units + j]);
                    c[j] = f * c[j] + i * g;
                    h[j] = o * Math.tanh(c[j]);
                    assertEquals(h[j], out[(n * t + step) * units + j], 2e-6, "h at sample " + n + ", step " + step);
                }
            }
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void wrongInputsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
        Sequential model = new Sequential(1);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> model.add(new LSTM(4).inputShape(10)));
        assertEquals("LSTM takes sequences of shape (timesteps, features), got input shape (10,)", rank.getMessage());
    }
}
