package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.MaxPooling2D;
import dev.vecgrad.layers.losses.Loss;
import dev.vecgrad.layers.optimizers.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit interrupted after any epoch and resumed (from its {@link BackupAndRestore} backup, or
 * from a saved model file) ends with the History and the weights of the uninterrupted fit, bit
 * for bit: noise layers and shuffling on; an MLP on Adam, a CNN on SGD with momentum, an LSTM.
 */
class ResumeTest {

    private static final int EPOCHS = 5;

    @TempDir
    Path dir;

    /** A problem: the model (built fresh each time, as a new process would), its data and its fit. */
    private record Problem(String name, Supplier<Sequential> model, Tensor x, Tensor y, Tensor valX, Tensor valY,
                           int batchSize) {

        Fit fit(int epochs, Callback... callbacks) {
            Fit fit = Fit.epochs(epochs).batchSize(batchSize).verbose(0).callbacks(callbacks);
            return valX == null ? fit : fit.validationData(valX, valY);
        }
    }

    private static Tensor random(long seed, double scale, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (scale * r.nextGaussian());
        }
        return t;
    }

    private static Tensor labels(long seed, int n, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            t.data()[i] = r.nextInt(classes);
        }
        return t;
    }

    private static List<Problem> problems() {
        Problem mlp = new Problem("mlp", () -> {
            Sequential m = new Sequential(7);
            m.add(new Dense(16, "relu").inputDim(2));
            m.add(new GaussianNoise(0.3));
            m.add(new Dense(1, "sigmoid"));
            m.compile("binary_crossentropy", "adam", "accuracy");
            return m;
        }, random(1, 1, 37, 2), labels(2, 37, 2), random(3, 1, 11, 2), labels(4, 11, 2), 8);
        Problem cnn = new Problem("cnn", () -> {
            Sequential m = new Sequential(8);
            m.add(new Conv2D(3, 3).activation("relu").inputShape(7, 7, 1));
            m.add(new MaxPooling2D());
            m.add(new GaussianNoise(0.2));
            m.add(new Flatten());
            m.add(new Dense(3, "softmax"));
            m.compile(Loss.of("sparse_categorical_crossentropy"), new Sgd(0.05, 0.9, true),
                    "accuracy");
            return m;
        }, random(5, 1, 19, 7, 7, 1), labels(6, 19, 3), null, null, 5);
        Problem lstm = new Problem("lstm", () -> {
            Sequential m = new Sequential(9);
            m.add(new LSTM(4).inputShape(5, 1));
            m.add(new GaussianNoise(0.5));
            m.add(new Activation("relu"));
            m.add(new Dense(1));
            m.compile("mse", "adam");
            return m;
        }, random(7, 1, 13, 5, 1), random(8, 1, 13, 1), random(9, 1, 6, 5, 1), random(10, 1, 6, 1), 4);
        return List.of(mlp, cnn, lstm);
    }

    private static void assertSameWeights(Sequential expected, Sequential actual, String what) {
        List<Tensor> e = expected.getWeights();
        List<Tensor> a = actual.getWeights();
        assertEquals(e.size(), a.size(), what);
        for (int i = 0; i < e.size(); i++) {
            float[] ev = e.get(i).toArray();
            float[] av = a.get(i).toArray();
            for (int j = 0; j < ev.length; j++) {
                assertEquals(Float.floatToRawIntBits(ev[j]), Float.floatToRawIntBits(av[j]),
                        what + ": weight " + i + "[" + j + "]");
            }
        }
    }

    /** Throws after epoch {@code at} has ended (and, earlier in the callback list, been backed up). */
    private static Callback crashAfter(int at) {
        return new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, Sequential model) {
                if (epoch == at) {
                    throw new IllegalStateException("interrupted after epoch " + at);
                }
            }
        };
    }

    @Test
    void aFitInterruptedAfterAnyEpochResumesFromItsBackupBitForBit() {
        for (Problem p : problems()) {
            Sequential reference = p.model().get();
            History expected = reference.fit(p.x(), p.y(), p.fit(EPOCHS));
            assertEquals(EPOCHS, expected.epochs());
            for (int at = 0; at < EPOCHS - 1; at++) {
                Path backupDir = dir.resolve(p.name() + "-" + at);
                BackupAndRestore backup = new BackupAndRestore(backupDir);
                Sequential first = p.model().get();
                int crash = at;
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> first.fit(p.x(), p.y(), p.fit(EPOCHS, backup, crashAfter(crash))));
                assertEquals("interrupted after epoch " + at, e.getMessage());
                assertTrue(Files.exists(backup.file()), p.name() + ": no backup after epoch " + at);

                Sequential resumed = p.model().get();
                History history = resumed.fit(p.x(), p.y(), p.fit(EPOCHS, new BackupAndRestore(backupDir)));
                assertEquals(expected, history, p.name() + " resumed after epoch " + at);
                assertSameWeights(reference, resumed, p.name() + " resumed after epoch " + at);
                assertEquals(reference.stepsTrained(), resumed.stepsTrained());
                assertEquals(reference.optimizer().iterations(), resumed.optimizer().iterations());
                assertFalse(Files.exists(backup.file()), p.name() + ": the finished fit's backup is still there");
            }
        }
    }

    @Test
    void aSavedModelTrainsOnAsIfNeverStopped() throws IOException {
        for (Problem p : problems()) {
            Sequential reference = p.model().get();
            History expected = reference.fit(p.x(), p.y(), p.fit(EPOCHS));
            for (int at = 1; at < EPOCHS; at++) {
                Sequential first = p.model().get();
                first.fit(p.x(), p.y(), p.fit(at));
                Path file = dir.resolve(p.name() + "-saved-" + at + ".vgm");
                first.save(file);
                Sequential loaded = Sequential.load(file);
                assertEquals(at, loaded.epochsTrained());
                History rest = loaded.fit(p.x(), p.y(), p.fit(EPOCHS - at));
                for (String key : expected.keys()) {
                    double[] all = expected.get(key);
                    assertArrayEquals(Arrays.copyOfRange(all, at, EPOCHS), rest.get(key),
                            p.name() + " " + key + " after loading at epoch " + at);
                }
                assertSameWeights(reference, loaded, p.name() + " loaded at epoch " + at);
            }
        }
    }

    @Test
    void aBackupOfAnotherFitIsRefusedWithTheDifferenceNamed() {
        Problem p = problems().get(0);
        Path backupDir = dir.resolve("other");
        Sequential first = p.model().get();
        assertThrows(IllegalStateException.class,
                () -> first.fit(p.x(), p.y(), p.fit(EPOCHS, new BackupAndRestore(backupDir), crashAfter(1))));

        IllegalStateException epochs = assertThrows(IllegalStateException.class,
                () -> p.model().get().fit(p.x(), p.y(), p.fit(EPOCHS + 1, new BackupAndRestore(backupDir))));
        assertTrue(epochs.getMessage().contains("epochs 5 there, 6 here"), epochs.getMessage());

        Tensor otherX = p.x().copy();
        otherX.data()[3] += 1f;
        IllegalStateException data = assertThrows(IllegalStateException.class,
                () -> p.model().get().fit(otherX, p.y(), p.fit(EPOCHS, new BackupAndRestore(backupDir))));
        assertTrue(data.getMessage().contains("the training data differ"), data.getMessage());

        IllegalStateException seed = assertThrows(IllegalStateException.class, () -> p.model().get()
                .fit(p.x(), p.y(), p.fit(EPOCHS, new BackupAndRestore(backupDir)).seed(Seeds.derive(1, 2))));
        assertTrue(seed.getMessage().contains("seed"), seed.getMessage());

        Sequential wider = new Sequential(7);
        wider.add(new Dense(17, "relu").inputDim(2));
        wider.add(new GaussianNoise(0.3));
        wider.add(new Dense(1, "sigmoid"));
        wider.compile("binary_crossentropy", "adam", "accuracy");
        IllegalStateException model = assertThrows(IllegalStateException.class,
                () -> wider.fit(p.x(), p.y(), p.fit(EPOCHS, new BackupAndRestore(backupDir))));
        assertTrue(model.getMessage().contains("was made by another model"), model.getMessage());

        // Refusals change nothing: the backup still resumes the fit it belongs to.
        Sequential reference = p.model().get();
        History expected = reference.fit(p.x(), p.y(), p.fit(EPOCHS));
        assertEquals(expected, p.model().get().fit(p.x(), p.y(), p.fit(EPOCHS, new BackupAndRestore(backupDir))));
    }

    @Test
    void modelCheckpointSavesEveryEpochOrTheBestOnly() throws IOException {
        Problem p = problems().get(0);
        Sequential model = p.model().get();
        Path every = dir.resolve("every-{epoch}.vgm");
        Path best = dir.resolve("best.vgm");
        History h = model.fit(p.x(), p.y(), p.fit(EPOCHS, new ModelCheckpoint(every),
                new ModelCheckpoint(best, true, "val_loss")));
        for (int e = 1; e <= EPOCHS; e++) {
            assertTrue(Files.exists(dir.resolve("every-" + e + ".vgm")), "epoch " + e);
        }
        assertEquals(EPOCHS, Sequential.load(dir.resolve("every-" + EPOCHS + ".vgm")).epochsTrained());
        double[] valLoss = h.get("val_loss");
        int bestEpoch = 0;
        for (int e = 1; e < valLoss.length; e++) {
            if (valLoss[e] < valLoss[bestEpoch]) {
                bestEpoch = e;
            }
        }
        Sequential saved = Sequential.load(best);
        assertEquals(bestEpoch + 1, saved.epochsTrained(), "val_loss " + Arrays.toString(valLoss));
        assertEquals(valLoss[bestEpoch], saved.evaluate(p.valX(), p.valY(), 64).loss(), 1e-6);

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> p.model().get()
                .fit(p.x(), p.y(), Fit.epochs(1).verbose(0).callbacks(new ModelCheckpoint(best, true, "val_loss"))));
        assertTrue(missing.getMessage().contains("does not log"), missing.getMessage());
    }
}
