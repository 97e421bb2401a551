package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Dropout;
import dev.vecgrad.layers.GaussianDropout;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.initializers.Constant;
import dev.vecgrad.layers.losses.MeanSquaredError;
import dev.vecgrad.layers.optimizers.Adam;
import dev.vecgrad.layers.optimizers.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialTest {

    static final Tensor TRAIN_X = TutorialModelsTest.TRAIN_X;
    static final Tensor TRAIN_Y = TutorialModelsTest.TRAIN_Y;
    static final Tensor TEST_X = TutorialModelsTest.TEST_X;
    static final Tensor TEST_Y = TutorialModelsTest.TEST_Y;

    // ---------------------------------------------------------------- Keras's fit semantics

    @Test
    void trainingMetricsComeFromTheForwardPassBeforeTheUpdate() {
        // One batch per epoch, no shuffle, no noise: epoch 1's loss is the loss of the initial weights.
        Sequential model = TutorialModelsTest.overfit(1);
        Evaluation before = model.evaluate(TRAIN_X, TRAIN_Y);
        History history = model.fit(TRAIN_X, TRAIN_Y, Fit.epochs(1).shuffle(false).verbose(0));
        assertEquals(before.loss(), history.get("loss")[0], 0.0);
        assertEquals(before.get("accuracy"), history.get("accuracy")[0], 0.0);
        assertNotEquals(before.loss(), model.evaluate(TRAIN_X, TRAIN_Y).loss());
    }

    @Test
    void validationIsEvaluatedAfterTheEpochWithNoiseOff() {
        Sequential model = TutorialModelsTest.noiseBeforeActivation(2);
        History history = model.fit(TRAIN_X, TRAIN_Y, Fit.epochs(3).validationData(TEST_X, TEST_Y).verbose(0));
        Evaluation after = model.evaluate(TEST_X, TEST_Y);
        assertEquals(after.loss(), history.last("val_loss"), 0.0);
        assertEquals(after.get("accuracy"), history.last("val_accuracy"), 0.0);
    }

    @Test
    void predictionIsDeterministicAndNoiseFree() {
        Sequential model = TutorialModelsTest.noiseAfterActivation(3);
        model.fit(TRAIN_X, TRAIN_Y, Fit.epochs(20).verbose(0));
        Tensor first = model.predict(TEST_X);
        assertArrayEquals(first.toArray(), model.predict(TEST_X).toArray());
        assertArrayEquals(first.toArray(), model.predict(TEST_X, 7).toArray(), "batching does not change outputs");
        assertArrayEquals(new int[] {70, 1}, first.shape());
        for (float p : first.toArray()) {
            assertTrue(p > 0f && p < 1f, "a sigmoid output: " + p);
        }
    }

    @Test
    void monteCarloPredictionShowsTheNoisesSpread() {
        Sequential noisy = TutorialModelsTest.noiseAfterActivation(4);
        noisy.fit(TRAIN_X, TRAIN_Y, Fit.epochs(50).verbose(0));
        MonteCarloPrediction mc = noisy.predictMonteCarlo(TEST_X, 200, 9);
        Tensor clean = noisy.predict(TEST_X);
        double spread = 0;
        for (int i = 0; i < 70; i++) {
            spread += mc.stddev().data()[i];
            assertEquals(clean.data()[i], mc.mean().data()[i], 0.05, "the mean of noisy passes is near the clean output");
        }
        assertTrue(spread / 70 > 1e-3, "noise on: outputs vary, mean stddev " + spread / 70);
        assertArrayEquals(mc.mean().toArray(), noisy.predictMonteCarlo(TEST_X, 200, 9).mean().toArray(), "seeded");

        Sequential quiet = TutorialModelsTest.overfit(4);
        MonteCarloPrediction none = quiet.predictMonteCarlo(TEST_X, 5, 9);
        for (float s : none.stddev().toArray()) {
            assertEquals(0f, s);
        }
    }

    @Test
    void historyKeysFollowTheMetricsAndValidation() {
        Sequential model = TutorialModelsTest.overfit(1);
        History noValidation = model.fit(TRAIN_X, TRAIN_Y, Fit.epochs(2).verbose(0));
        assertEquals(List.of("loss", "accuracy"), List.copyOf(noValidation.keys()));
        Sequential plain = new Sequential(1);
        plain.add(new Dense(1).inputDim(2));
        plain.compile("mse", "sgd");
        assertEquals(List.of("loss"), List.copyOf(plain.fit(TRAIN_X, TRAIN_Y, Fit.epochs(2).verbose(0)).keys()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> noValidation.get("val_loss"));
        assertTrue(e.getMessage().contains("val_loss"), e.getMessage());
    }

    // ---------------------------------------------------------------- optimizers, by hand

    /** y = w x + b on two points, w = 0.5, b = 0: MSE gradients dw = -4.5, db = -2.5. */
    private static Sequential line(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(1).kernelInitializer(new Constant(0.5f)).inputDim(1));
        return model;
    }

    private static final Tensor LINE_X = Tensor.wrap(new float[] {1f, 2f}, 2, 1);
    private static final Tensor LINE_Y = Tensor.wrap(new float[] {1f, 3f}, 2, 1);

    @Test
    void adamTakesKerasFirstStep() {
        Sequential model = line(0);
        model.compile(new MeanSquaredError(), new Adam(0.01), new String[0]);
        model.fit(LINE_X, LINE_Y, Fit.epochs(1).shuffle(false).verbose(0));
        double lrT = 0.01 * Math.sqrt(1 - 0.999f) / (1 - 0.9f);
        double[] grads = {-4.5, -2.5};
        double[] start = {0.5, 0};
        for (int i = 0; i < 2; i++) {
            double m = (1 - 0.9f) * grads[i];
            double v = (1 - 0.999f) * grads[i] * grads[i];
            double expected = start[i] - lrT * m / (Math.sqrt(v) + 1e-7);
            float actual = model.params().get(i).value().data()[0];
            assertEquals(expected, actual, 1e-6, "parameter " + i);
        }
    }

    @Test
    void sgdWithMomentumAndNesterovFollowKeras() {
        for (boolean nesterov : new boolean[] {false, true}) {
            Sequential model = line(0);
            model.compile(new MeanSquaredError(), new Sgd(0.1, 0.5, nesterov), new String[0]);
            model.fit(LINE_X, LINE_Y, Fit.epochs(2).shuffle(false).verbose(0));
            // By hand, in double: two steps of v = m v - lr g; p += v (or p += m v - lr g).
            double w = 0.5;
            double b = 0;
            double vw = 0;
            double vb = 0;
            for (int step = 0; step < 2; step++) {
                double e1 = w * 1 + b - 1;
                double e2 = w * 2 + b - 3;
                double gw = e1 * 1 + e2 * 2;
                double gb = e1 + e2;
                vw = 0.5 * vw - 0.1 * gw;
                vb = 0.5 * vb - 0.1 * gb;
                w += nesterov ? 0.5 * vw - 0.1 * gw : vw;
                b += nesterov ? 0.5 * vb - 0.1 * gb : vb;
            }
            assertEquals(w, model.params().get(0).value().data()[0], 1e-5, "nesterov " + nesterov);
            assertEquals(b, model.params().get(1).value().data()[0], 1e-5, "nesterov " + nesterov);
        }
    }

    @Test
    void namesAndObjectsMeanTheSame() {
        Sequential byName = line(0);
        byName.compile("mse", "sgd");
        Sequential byObject = line(0);
        byObject.compile(new MeanSquaredError(), new Sgd(), new String[0]);
        assertEquals(byName.fit(LINE_X, LINE_Y, Fit.epochs(3).verbose(0)), byObject.fit(LINE_X, LINE_Y, Fit.epochs(3).verbose(0)));
    }

    // ---------------------------------------------------------------- a categorical model

    @Test
    void categoricalAccuracyAndSoftmaxCrossEntropy() {
        // Three clusters, one-hot labels: "accuracy" means categorical accuracy here.
        float[] xs = {0, 0, 0.1f, 0, 5, 5, 5.1f, 5, -5, 5, -5.1f, 5};
        float[] ys = {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1};
        Tensor x = Tensor.wrap(xs, 6, 2);
        Tensor y = Tensor.wrap(ys, 6, 3);
        Sequential model = new Sequential(1);
        model.add(new Dense(16, "tanh").inputDim(2));
        model.add(new Dense(3, "softmax"));
        model.compile("categorical_crossentropy", "adam", "accuracy");
        History h = model.fit(x, y, Fit.epochs(300).verbose(0));
        assertEquals(1.0, h.last("accuracy"));
        Tensor p = model.predict(x);
        for (int r = 0; r < 6; r++) {
            double rowSum = p.get(r, 0) + p.get(r, 1) + p.get(r, 2);
            assertEquals(1.0, rowSum, 1e-5);
        }
        assertTrue(h.last("loss") < h.get("loss")[0]);
    }

    // ---------------------------------------------------------------- callbacks and output

    @Test
    void callbacksSeeEveryEpochAndEarlyStoppingStops() {
        List<Integer> seen = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, Sequential model) {
                seen.add(epoch);
                assertTrue(logs.containsKey("val_accuracy"));
            }
        };
        EarlyStopping stop = new EarlyStopping("accuracy", 0, 5, false);
        Sequential model = TutorialModelsTest.overfit(1);
        History h = model.fit(TRAIN_X, TRAIN_Y, Fit.epochs(4000).validationData(TEST_X, TEST_Y).verbose(0)
                .callbacks(recorder, stop));
        assertTrue(h.epochs() < 4000, "stopped early after " + h.epochs());
        assertEquals(h.epochs(), seen.size());
        assertEquals(stop.bestEpoch() + 6, h.epochs(), "patience 5: stops 6 epochs after the best");
        double[] accuracy = h.get("accuracy");
        for (int e = 0; e < accuracy.length; e++) {
            assertTrue(accuracy[e] <= accuracy[stop.bestEpoch()], "no epoch beats the best one");
        }
        for (int e = 0; e < stop.bestEpoch(); e++) {
            assertTrue(accuracy[e] < accuracy[stop.bestEpoch()], "the best epoch is the first to reach its value");
        }
    }

    @Test
    void verboseLevelsPrintAsKeras() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TutorialModelsTest.overfit(1).fit(TRAIN_X, TRAIN_Y, Fit.epochs(3).verbose(0).output(out));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));

        TutorialModelsTest.overfit(1).fit(TRAIN_X, TRAIN_Y, Fit.epochs(3).verbose(2).output(out));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[2].startsWith("Epoch 3/3 - ") && lines[2].contains(" - loss: ") && lines[2].contains(" - accuracy: "),
                lines[2]);

        bytes.reset();
        TutorialModelsTest.overfit(1).fit(TRAIN_X, TRAIN_Y, Fit.epochs(2).verbose(1).output(out));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Epoch 1/2\n") && text.contains("Epoch 2/2\n") && text.contains("1/1 [="), text);
    }

    // ---------------------------------------------------------------- layers and names

    @Test
    void layersAreNamedAsKerasNamesThem() {
        Sequential model = TutorialModelsTest.noiseBeforeActivation(0);
        List<String> names = new ArrayList<>();
        model.layers().forEach(l -> names.add(l.name()));
        assertEquals(List.of("dense", "gaussian_noise", "activation", "dense_1"), names);
        String summary = model.summary();
        assertTrue(summary.contains("gaussian_noise (GaussianNoise)") && summary.contains("(None, 500)"), summary);
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        float[] a = TutorialModelsTest.overfit(1).params().get(0).value().toArray();
        float[] b = TutorialModelsTest.overfit(1).params().get(0).value().toArray();
        float[] c = TutorialModelsTest.overfit(2).params().get(0).value().toArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        double limit = Math.sqrt(6.0 / (2 + 500));
        for (float w : a) {
            assertTrue(Math.abs(w) <= limit, "glorot uniform within +-" + limit + ": " + w);
        }
        for (float bias : TutorialModelsTest.overfit(1).params().get(1).value().toArray()) {
            assertEquals(0f, bias);
        }
    }

    @Test
    void scalarAndSimdKernelsTrainTheSameModel() {
        Sequential simd = new Sequential(5, KernelProvider.simd());
        Sequential scalar = new Sequential(5, KernelProvider.scalar());
        for (Sequential model : List.of(simd, scalar)) {
            model.add(new Dense(500, "relu").inputDim(2));
            model.add(new Dense(1, "sigmoid"));
            model.compile("binary_crossentropy", "adam", "accuracy");
        }
        assertArrayEquals(simd.params().get(0).value().toArray(), scalar.params().get(0).value().toArray(),
                "the same initial weights: the random fills are bit-identical");
        History hs = simd.fit(TRAIN_X, TRAIN_Y, Fit.epochs(50).verbose(0));
        History hc = scalar.fit(TRAIN_X, TRAIN_Y, Fit.epochs(50).verbose(0));
        // The two layers run as one ReluHiddenDot, whose kernels, like the loss's and Adam's,
        // give the same bits on both sets: the whole history is the same, not just close.
        assertArrayEquals(hc.get("loss"), hs.get("loss"), "losses, epoch by epoch");
        assertArrayEquals(hc.get("accuracy"), hs.get("accuracy"));
    }

    @Test
    void noiseLayersDrawDifferentNoiseWithTheirOwnSeed() {
        Sequential a = new Sequential(1);
        a.add(new GaussianNoise(0.5).seed(42).inputShape(2));
        a.add(new Dense(1, "sigmoid"));
        a.compile("binary_crossentropy", "adam", "accuracy");
        Sequential b = new Sequential(1);
        b.add(new GaussianNoise(0.5).inputShape(2));
        b.add(new Dense(1, "sigmoid"));
        b.compile("binary_crossentropy", "adam", "accuracy");
        assertNotEquals(a.fit(TRAIN_X, TRAIN_Y, Fit.epochs(2).verbose(0)), b.fit(TRAIN_X, TRAIN_Y, Fit.epochs(2).verbose(0)));
    }

    @Test
    void dropoutLayersTrain() {
        for (var noise : List.of(new Dropout(0.2), new GaussianDropout(0.2))) {
            Sequential model = new Sequential(1);
            model.add(new Dense(64, "relu").inputDim(2));
            model.add(noise);
            model.add(new Dense(1, "sigmoid"));
            model.compile("binary_crossentropy", "adam", "accuracy");
            History h = model.fit(TRAIN_X, TRAIN_Y, Fit.epochs(200).verbose(0));
            assertTrue(h.last("loss") < h.get("loss")[0], noise.typeName());
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void misuseGetsClearErrors() {
        Sequential notCompiled = new Sequential();
        notCompiled.add(new Dense(1).inputDim(2));
        assertTrue(assertThrows(IllegalStateException.class, () -> notCompiled.fit(TRAIN_X, TRAIN_Y, Fit.epochs(1)))
                .getMessage().contains("compile"));

        Sequential model = TutorialModelsTest.overfit(0);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> model.fit(TRAIN_X, TEST_Y, Fit.epochs(1).verbose(0))).getMessage().contains("30 rows"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> model.fit(TEST_X, TEST_X, Fit.epochs(1).verbose(0))).getMessage().contains("(70, 2)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> model.predict(Tensor.zeros(4, 3))).getMessage().contains("(3,)"));
        Tensor withNaN = TRAIN_X.copy();
        withNaN.set(Float.NaN, 4, 1);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> model.fit(withNaN, TRAIN_Y, Fit.epochs(1).verbose(0))).getMessage().contains("row 4"));
        Tensor badLabels = TRAIN_Y.copy();
        badLabels.set(2f, 3, 0);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> model.fit(TRAIN_X, badLabels, Fit.epochs(1).verbose(0))).getMessage().contains("0 or 1"));
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(0));
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).verbose(3));
        assertThrows(IllegalArgumentException.class, () -> model.fit(Tensor.zeros(0, 2), Tensor.zeros(0, 1), Fit.epochs(1)));

        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertThrows(IllegalArgumentException.class, () -> new Dense(3, "relux"));
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(Double.POSITIVE_INFINITY));
        new GaussianNoise(5.0);                                             // no upper cap (Keras 3 has one)
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Activation("swishy"));
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
        Sequential second = new Sequential();
        second.add(new Dense(3).inputDim(2));
        assertThrows(IllegalArgumentException.class, () -> second.add(new Dense(1).inputDim(3)));
        assertThrows(IllegalArgumentException.class, () -> second.compile("hinge", "adam"));
        assertThrows(IllegalArgumentException.class, () -> second.compile("mse", "rmsprop"));
        assertTrue(assertThrows(IllegalStateException.class, () -> new Sequential().add(new Dense(2)).summary())
                .getMessage().contains("not built"));
    }

    @Test
    void aDivergingLossStopsTrainingWithTheEpochAndTheHistorySoFar() {
        Sequential model = line(0);
        model.compile(new MeanSquaredError(), new Sgd(1e18), new String[0]);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> model.fit(LINE_X, LINE_Y, Fit.epochs(50).verbose(0)));
        assertTrue(e.epoch() > 0 && e.epoch() < 50, e.getMessage());
        assertEquals(e.epoch(), e.history().epochs());
        assertTrue(e.getMessage().contains("epoch " + e.epoch()), e.getMessage());
    }

    @Test
    void labelsMayBeAVectorForASingleOutput() {
        Tensor flat = TRAIN_Y.reshape(30);
        assertEquals(TutorialModelsTest.overfit(1).fit(TRAIN_X, TRAIN_Y, Fit.epochs(5).verbose(0)),
                TutorialModelsTest.overfit(1).fit(TRAIN_X, flat, Fit.epochs(5).verbose(0)));
    }
}
