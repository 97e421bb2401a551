package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Dropout;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which layer lists run their tail as one {@code ReluHiddenDot} op, and that a fused model
 * trains and predicts as the same layers run one by one do, to rounding. The one-by-one twin
 * is the same model with a linear {@code Activation} before its output layer: the identity,
 * which the tail does not look through.
 */
class HiddenDotTailTest {

    static final Tensor TRAIN_X = TutorialModelsTest.TRAIN_X;
    static final Tensor TRAIN_Y = TutorialModelsTest.TRAIN_Y;
    static final Tensor TEST_X = TutorialModelsTest.TEST_X;

    @Test
    void theTutorialsModelsEndInTheTailWhereTheirNoiseIsOff() {
        List<Layer> a = List.of(new Dense(500, "relu"), new Dense(1, "sigmoid"));
        List<Layer> b = List.of(new GaussianNoise(0.01), new Dense(500, "relu"), new Dense(1, "sigmoid"));
        List<Layer> c = List.of(new Dense(500), new GaussianNoise(0.1), new Activation("relu"), new Dense(1, "sigmoid"));
        List<Layer> d = List.of(new Dense(500, "relu"), new GaussianNoise(0.1), new Dense(1, "sigmoid"));
        for (Mode mode : Mode.values()) {
            assertEquals(0, HiddenDotTail.start(a, mode), "a " + mode);
            assertEquals(1, HiddenDotTail.start(b, mode), "b " + mode);
            int hiddenNoise = mode.noiseActive() ? -1 : 0;
            assertEquals(hiddenNoise, HiddenDotTail.start(c, mode), "c " + mode);
            assertEquals(hiddenNoise, HiddenDotTail.start(d, mode), "d " + mode);
        }
        assertEquals(0, HiddenDotTail.start(List.of(new Dense(8, "relu"), new Dropout(0.5), new Dense(1)), Mode.INFERENCE));
    }

    @Test
    void otherModelsRunLayerByLayer() {
        for (List<Layer> layers : List.of(
                List.<Layer>of(new Dense(1, "sigmoid")),
                List.<Layer>of(new Dense(500, "relu"), new Dense(2, "softmax")),
                List.<Layer>of(new Dense(500, "tanh"), new Dense(1, "sigmoid")),
                List.<Layer>of(new Dense(500), new Dense(1, "sigmoid")),
                List.<Layer>of(new Dense(500, "relu").useBias(false), new Dense(1, "sigmoid")),
                List.<Layer>of(new Dense(500, "relu"), new Dense(1, "sigmoid").useBias(false)),
                List.<Layer>of(new Dense(500, "relu"), new Activation("linear"), new Dense(1, "sigmoid")),
                List.<Layer>of(new Dense(500, "relu"), new Activation("relu"), new Dense(1, "sigmoid")))) {
            for (Mode mode : Mode.values()) {
                assertEquals(-1, HiddenDotTail.start(layers, mode), layers + " " + mode);
            }
        }
    }

    @Test
    void aFusedModelTrainsAndPredictsAsItsLayersOneByOne() {
        for (boolean noiseAfterRelu : new boolean[] {false, true}) {
            Sequential fused = model(7, noiseAfterRelu, false);
            Sequential layered = model(7, noiseAfterRelu, true);
            layered.build(2);
            fused.build(2);
            layered.setWeights(fused.getWeights());
            History hf = fused.fit(TRAIN_X, TRAIN_Y, Fit.epochs(30).validationData(TEST_X, TutorialModelsTest.TEST_Y)
                    .verbose(0));
            History hl = layered.fit(TRAIN_X, TRAIN_Y, Fit.epochs(30).validationData(TEST_X, TutorialModelsTest.TEST_Y)
                    .verbose(0));
            for (String key : List.of("loss", "val_loss")) {
                for (int e = 0; e < 30; e++) {
                    double want = hl.get(key)[e];
                    assertEquals(want, hf.get(key)[e], 1e-5 * Math.abs(want),
                            key + ", epoch " + e + (noiseAfterRelu ? ", noise after the ReLU" : ""));
                }
            }
            float[] pf = fused.predict(TEST_X).toArray(), pl = layered.predict(TEST_X).toArray();
            for (int i = 0; i < pf.length; i++) {
                assertEquals(pl[i], pf[i], 1e-5, "prediction " + i);
                assertTrue(pf[i] > 0f && pf[i] < 1f, "a sigmoid's output: " + pf[i]);
            }
        }
    }

    /** The tutorial's network (noise after the ReLU when asked), with a linear Activation before the output when {@code layered}. */
    private static Sequential model(long seed, boolean noiseAfterRelu, boolean layered) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(500, "relu").inputDim(2));
        if (noiseAfterRelu) {
            model.add(new GaussianNoise(0.1));
        }
        if (layered) {
            model.add(new Activation("linear"));
        }
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }
}
