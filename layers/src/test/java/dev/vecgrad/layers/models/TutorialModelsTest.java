package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.datasets.Dataset;
import dev.vecgrad.layers.datasets.MakeCircles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's four models, written as the tutorial writes them, trained as it trains them
 * (4000 epochs, Adam, binary cross-entropy, batch 32, test set as validation data) on
 * scikit-learn's exact data.
 */
class TutorialModelsTest {

    static final Dataset DATA = MakeCircles.generate(100, 0.1, 1);
    static final Tensor TRAIN_X = DATA.rows(0, 30).features();
    static final Tensor TRAIN_Y = DATA.rows(0, 30).labels();
    static final Tensor TEST_X = DATA.rows(30, 100).features();
    static final Tensor TEST_Y = DATA.rows(30, 100).labels();

    /** Variant (a): no noise. */
    static Sequential overfit(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(500, "relu").inputDim(2));
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }

    /** Variant (b): GaussianNoise(0.01) on the inputs. */
    static Sequential inputNoise(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new GaussianNoise(0.01).inputShape(2));
        model.add(new Dense(500, "relu"));
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }

    /** Variant (c): noise between the hidden layer's linear output and its ReLU. */
    static Sequential noiseBeforeActivation(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(500).inputDim(2));
        model.add(new GaussianNoise(0.1));
        model.add(new Activation("relu"));
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }

    /** Variant (d): noise after the hidden layer's ReLU. */
    static Sequential noiseAfterActivation(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(500, "relu").inputDim(2));
        model.add(new GaussianNoise(0.1));
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }

    static History fit(Sequential model) {
        return model.fit(TRAIN_X, TRAIN_Y, Fit.epochs(4000).validationData(TEST_X, TEST_Y).verbose(0));
    }

    @Test
    void theFourModelsTrainAsTheTutorialDescribes() {
        long seed = 7;
        List<Sequential> models = List.of(overfit(seed), inputNoise(seed), noiseBeforeActivation(seed),
                noiseAfterActivation(seed));
        for (Sequential model : models) {
            assertEquals(2001, model.countParams());
            assertTrue(model.summary().contains("Total params: 2,001"), model.summary());
            History history = fit(model);
            assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(history.keys()));
            for (String key : history.keys()) {
                assertEquals(4000, history.get(key).length, key);
            }
        }
        // Without noise the network memorizes its 30 training points.
        assertEquals(1.0, models.get(0).evaluate(TRAIN_X, TRAIN_Y).get("accuracy"));
        assertEquals(1.0, models.get(0).evaluate(TRAIN_X, TRAIN_Y, 30).values()[1]);
    }

    @Test
    void theSameSeedGivesABitIdenticalHistory() {
        for (long seed : new long[] {3, 11}) {
            assertEquals(fit(noiseBeforeActivation(seed)), fit(noiseBeforeActivation(seed)));
        }
        assertEquals(fit(overfit(5)), fit(overfit(5)));
        assertNotEquals(fit(noiseBeforeActivation(3)), fit(noiseBeforeActivation(4)));
    }
}
