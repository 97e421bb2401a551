package dev.vecgrad.layers.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Dropout;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianDropout;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.MaxPooling2D;
import dev.vecgrad.layers.datasets.Dataset;
import dev.vecgrad.layers.datasets.MakeCircles;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.layers.optimizers.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading models: exact round trips, atomic writes, and a clear refusal of every damaged file. */
class ModelFileTest {

    @TempDir
    Path dir;

    static final Dataset DATA = MakeCircles.generate(100, 0.1, 1);

    /** The tutorial's variant (c), trained for a few epochs so that the weights are not the initial ones. */
    static Sequential trainedMlp() {
        Sequential model = new Sequential(42);
        model.add(new Dense(50).inputDim(2));
        model.add(new GaussianNoise(0.1));
        model.add(new Activation("relu"));
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        model.fit(DATA.features(), DATA.labels(), Fit.epochs(5).verbose(0));
        return model;
    }

    @Test
    void aTrainedModelRoundTripsBitForBit() throws IOException {
        Sequential model = trainedMlp();
        Path file = dir.resolve("mlp.vgm");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        assertArrayEquals(model.predict(DATA.features()).data(), loaded.predict(DATA.features()).data());
        assertEquals(model.summary(), loaded.summary());
        assertEquals(model.seed(), loaded.seed());
        assertEquals("binary_crossentropy", loaded.loss().name());
        assertEquals(List.of("accuracy"), loaded.metricNames());
        assertEquals(model.optimizer().config(), loaded.optimizer().config());
        assertEquals(model.evaluate(DATA.features(), DATA.labels()).asMap(),
                loaded.evaluate(DATA.features(), DATA.labels()).asMap());
        // Saving the loaded model gives the same bytes: nothing was lost or changed.
        Path again = dir.resolve("again.vgm");
        loaded.save(again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    }

    /**
     * A version 1 file (weights, no training state: what vecgrad wrote before version 2) still
     * loads, with its weights and a fresh optimizer. Made from a version 2 file of the same
     * model: its "training" section and optimizer tensors cut away, its version set to 1.
     */
    @Test
    void aVersionOneFileStillLoadsWithAFreshOptimizer() throws IOException {
        Sequential model = trainedMlp();
        String json = ModelFile.configuration(model);
        byte[] config = json.getBytes(StandardCharsets.UTF_8);
        List<Param> params = model.params();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        head.put("vecgrad\n".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(config.length);
        out.write(head.array());
        out.write(config);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(params.size()).array());
        for (Param p : params) {
            byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer t = ByteBuffer.allocate(8 + name.length + 4 * p.value().rank() + 4 * p.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
            t.putInt(name.length).put(name).putInt(p.value().rank());
            for (int d = 0; d < p.value().rank(); d++) {
                t.putInt(p.value().dim(d));
            }
            for (float v : p.value().toArray()) {
                t.putFloat(v);
            }
            out.write(t.array());
        }
        out.write(new byte[4]);
        Sequential loaded = ModelFile.decode(withChecksum(out.toByteArray()), "v1");
        assertArrayEquals(model.predict(DATA.features()).data(), loaded.predict(DATA.features()).data());
        assertEquals(0, loaded.optimizer().iterations());
        assertEquals(0, loaded.epochsTrained());
        assertTrue(model.optimizer().iterations() > 0);
    }

    @Test
    void everyLayerTypeRoundTrips() throws IOException {
        Sequential cnn = new Sequential(-7);
        cnn.add(new Conv2D(3, 3, 2).strides(1, 2).padding("same").activation("tanh").inputShape(6, 5, 2));
        cnn.add(new MaxPooling2D(2, 1).strides(1).padding("same"));
        cnn.add(new GaussianDropout(0.2).seed(Long.MIN_VALUE));
        cnn.add(new Dropout(0.1));
        cnn.add(new Flatten());
        cnn.add(new Dense(4, "softmax").useBias(false));
        cnn.compile(dev.vecgrad.layers.losses.Loss.of("categorical_crossentropy"), new Sgd(0.05, 0.9, true), "accuracy");
        Sequential lstm = new Sequential(Long.MAX_VALUE);
        lstm.add(new LSTM(5).returnSequences(true).unitForgetBias(false).inputShape(4, 3));
        lstm.add(new GaussianNoise(0.5).seed(3));
        lstm.add(new LSTM(2));
        Tensor images = random(7, 6, 5, 2);
        Tensor sequences = random(7, 4, 3);
        for (Object[] c : new Object[][] {{cnn, images}, {lstm, sequences}}) {
            Sequential model = (Sequential) c[0];
            Path file = dir.resolve("m.vgm");
            model.save(file);
            Sequential loaded = Sequential.load(file);
            assertArrayEquals(model.predict((Tensor) c[1]).data(), loaded.predict((Tensor) c[1]).data());
            assertEquals(model.summary(), loaded.summary());
            for (int i = 0; i < model.layers().size(); i++) {
                assertEquals(model.layers().get(i).config(), loaded.layers().get(i).config(), "layer " + i);
            }
        }
    }

    static Tensor random(int... shape) {
        Tensor t = Tensor.zeros(shape);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) r.nextDouble(-1, 1);
        }
        return t;
    }

    // ---------------------------------------------------------------- atomic writes

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.vgm");
        trainedMlp().save(file);
        byte[] before = Files.readAllBytes(file);
        // A model that cannot be written (a layer type model files do not know) fails before the file is touched.
        Sequential custom = new Sequential(1);
        custom.add(new Dense(2).inputDim(2));
        custom.add(new dev.vecgrad.layers.Layer() {
            @Override
            protected int[] create(int[] inputShape, dev.vecgrad.layers.BuildContext context) {
                return inputShape;
            }

            @Override
            public dev.vecgrad.autodiff.Node call(dev.vecgrad.autodiff.Node x, dev.vecgrad.layers.CallContext context) {
                return x;
            }
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> custom.save(file));
        assertTrue(e.getMessage().contains("cannot be saved"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        // A failure after the bytes are written (the rename cannot replace a non-empty folder):
        // the temporary file is removed and the target is untouched.
        Path folder = dir.resolve("taken");
        Files.createDirectories(folder.resolve("inside"));
        assertThrows(IOException.class, () -> trainedMlp().save(folder));
        assertTrue(Files.isDirectory(folder.resolve("inside")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("model.vgm", "taken"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anUnbuiltModelHasNothingToSave() {
        Sequential model = new Sequential(1);
        model.add(new Dense(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.save(dir.resolve("x")));
        assertTrue(e.getMessage().contains("not built"), e.getMessage());
    }

    // ---------------------------------------------------------------- refusals

    static byte[] valid() {
        return ModelFile.encode(trainedMlp(), null);
    }

    static ModelFileException refused(byte[] bytes) {
        return assertThrows(ModelFileException.class, () -> ModelFile.decode(bytes, "file"));
    }

    /** Recomputes the checksum, as a forger would, so the parser itself must catch the lie. */
    static byte[] withChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        return bytes;
    }

    @Test
    void foreignVersionedTruncatedAndDamagedFilesAreNamed() {
        byte[] good = valid();
        assertEquals("file is not a vecgrad model file (no \"vecgrad\" header)",
                refused("PK\u0003\u0004 a zip".getBytes(StandardCharsets.ISO_8859_1)).getMessage());
        byte[] v3 = good.clone();
        v3[8] = 3;
        assertEquals("file has format version 3; this vecgrad reads versions 1 and 2", refused(v3).getMessage());
        assertEquals("file is damaged or truncated: its checksum does not match its content",
                refused(Arrays.copyOf(good, good.length - 100)).getMessage());
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertEquals("file is damaged or truncated: its checksum does not match its content",
                refused(flipped).getMessage());
        assertTrue(refused(Arrays.copyOf(good, 14)).getMessage().contains("truncated"));
    }

    @Test
    void forgedSizesAreCaughtBeforeAnythingIsAllocated() {
        byte[] good = valid();
        ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int configLength = b.getInt(12);
        int tensors = 16 + configLength;
        // The first tensor's first dimension, forged to 2^31 - 1 (it is "dense/kernel", rank 2).
        int nameLength = b.getInt(tensors + 4);
        int firstDim = tensors + 4 + 4 + nameLength + 4;
        byte[] forged = good.clone();
        ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putInt(firstDim, Integer.MAX_VALUE);
        String m = refused(withChecksum(forged)).getMessage();
        assertTrue(m.contains("truncated") && m.contains("dense/kernel"), m);
        byte[] hugeConfig = good.clone();
        ByteBuffer.wrap(hugeConfig).order(ByteOrder.LITTLE_ENDIAN).putInt(12, Integer.MAX_VALUE);
        assertTrue(refused(withChecksum(hugeConfig)).getMessage().contains("configuration length"));
    }

    @Test
    void hostileConfigurationsAreRefused() throws Exception {
        String base = new String(valid(), 16, ByteBuffer.wrap(valid()).order(ByteOrder.LITTLE_ENDIAN).getInt(12),
                StandardCharsets.UTF_8);
        // A class name where a layer type goes: never loaded, just unknown.
        assertEquals("unknown layer type \"java.lang.ProcessBuilder\"",
                refusedConfig(base.replaceFirst("\"type\":\"Dense\"", "\"type\":\"java.lang.ProcessBuilder\"")));
        // Weights the file does not hold: refused before the layer allocates them.
        String big = refusedConfig(base.replaceFirst("\"units\":50", "\"units\":16000000"));
        assertTrue(big.contains("needs") && big.contains("weights but the file holds only"), big);
        assertTrue(refusedConfig("[".repeat(100) + "]".repeat(100)).contains("nesting deeper"));
        assertTrue(refusedConfig(base.replaceFirst("\"seed\":42", "\"seed\":1e999999")).contains("out of range"));
        assertTrue(refusedConfig(base.replaceFirst("\"activation\":\"relu\"", "\"activation\":\"gelu\""))
                .contains("Activation"));
    }

    /** Replaces the configuration of a valid file (fixing lengths and checksum) and returns the refusal's message. */
    static String refusedConfig(String json) {
        byte[] good = valid();
        ByteBuffer in = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int oldLength = in.getInt(12);
        byte[] config = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[good.length - oldLength + config.length];
        System.arraycopy(good, 0, out, 0, 16);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(12, config.length);
        System.arraycopy(config, 0, out, 16, config.length);
        System.arraycopy(good, 16 + oldLength, out, 16 + config.length, good.length - 16 - oldLength);
        return refused(withChecksum(out)).getMessage();
    }
}
