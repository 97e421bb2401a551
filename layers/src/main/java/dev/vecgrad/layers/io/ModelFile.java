package dev.vecgrad.layers.io;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Layer;
import dev.vecgrad.layers.losses.Loss;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.layers.optimizers.Adam;
import dev.vecgrad.layers.optimizers.Optimizer;
import dev.vecgrad.layers.optimizers.Sgd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A {@link Sequential} model in one file: its configuration as JSON and its weights as
 * float32, behind a format version and ahead of a checksum. All integers are little-endian.
 *
 * <pre>
 *   offset  size      content
 *   0       8         magic: the bytes "vecgrad" and a newline
 *   8       4         format version (2; version 1 files load too)
 *   12      4         configuration length L in bytes (1 .. 1 MiB)
 *   16      L         configuration: UTF-8 JSON (seed, input_shape, layers, compile, training, fit)
 *   16+L    4         tensor count T (0 .. 4096)
 *           T times:  name length (1 .. 1024), UTF-8 name, rank (0 .. 6), rank dims, size x float32
 *   end-4   4         CRC-32 of every byte before it
 * </pre>
 *
 * <p>Version 2 adds the training state of a compiled model, so that a loaded model trains on
 * exactly as it would have: {@code "training"} holds the epochs and steps trained (which
 * address the next shuffle and noise draws) and the optimizer's step count, and the tensors
 * after the weights are the optimizer's slots, {@code optimizer/<slot>/<weight name>} (Adam's
 * {@code m} and {@code v}, SGD's {@code velocity}), slot by slot in the weights' order. A
 * backup ({@link #save(Sequential, FitState, Path)}) adds {@code "fit"}: the fit it was taken
 * from ({@link FitState}). A version 1 file has weights only; its model's optimizer starts
 * afresh.
 *
 * <p>Saving writes a temporary file beside the target, forces it to disk, then renames it
 * over the target (atomically where the file system can), so a crash mid-save never leaves a
 * half-written file where a good one was.
 *
 * <p>Loading trusts nothing: every length is checked against the bytes actually left before
 * anything is allocated, layers come from a fixed list of types ({@link LayerConfigs}; no
 * class is ever loaded by name, no Java serialization), each layer's parameter count is
 * checked against the weights present before the layer is built, and every problem is a
 * {@link ModelFileException} saying what is wrong.
 */
public final class ModelFile {

    static final byte[] MAGIC = "vecgrad\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    /** The prefix of an optimizer slot's tensor name. */
    static final String OPTIMIZER = "optimizer/";
    /** Most epochs a backup's history may hold. */
    static final int MAX_HISTORY = 1 << 20;
    static final int MAX_CONFIG_BYTES = 1 << 20;
    static final int MAX_TENSORS = 4096;
    static final int MAX_NAME_BYTES = 1024;
    static final int MAX_RANK = 6;
    /** Per-sample input: each axis and the whole sample at most this many floats. */
    static final int MAX_SAMPLE_SIZE = 1 << 24;
    static final int MAX_LAYERS = 1024;
    private static final int HEADER = MAGIC.length + 4 + 4;

    private ModelFile() {
    }

    // ---------------------------------------------------------------- saving

    /** Saves the model: configuration, weights and, when compiled, its training state. */
    public static void save(Sequential model, Path file) throws IOException {
        AtomicFiles.write(encode(model, null), file);
    }

    /** Saves a backup: the model as {@link #save(Sequential, Path)} does, and the fit under way. */
    public static void save(Sequential model, FitState fit, Path file) throws IOException {
        AtomicFiles.write(encode(model, Objects.requireNonNull(fit, "fit")), file);
    }

    /** A model file's content: the model (training state restored), its configuration as saved, and the fit of a backup (null in other files). */
    public record Loaded(Sequential model, String configuration, FitState fit) {
    }

    /**
     * The model's configuration as a model file holds it (seed, input shape, layers, compile),
     * without its training state: equal configurations build the same model.
     */
    public static String configuration(Sequential model) {
        return Json.write(configMap(model));
    }

    /** The whole file's bytes; everything that can go wrong with the model goes wrong here, before any file is touched. */
    static byte[] encode(Sequential model, FitState fit) {
        Map<String, Object> config = configMap(model);
        List<String> tensorNames = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        for (Param p : model.params()) {
            tensorNames.add(p.name());
            tensors.add(p.value());
        }
        if (model.loss() != null) {
            Optimizer optimizer = model.optimizer();
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("epochs", model.epochsTrained());
            training.put("steps", model.stepsTrained());
            training.put("optimizer_iterations", optimizer.iterations());
            Map<String, float[][]> slots = optimizer.state();
            training.put("optimizer_slots", new ArrayList<>(slots.keySet()));
            config.put("training", training);
            for (Map.Entry<String, float[][]> slot : slots.entrySet()) {
                for (int i = 0; i < model.params().size(); i++) {
                    Param p = model.params().get(i);
                    tensorNames.add(OPTIMIZER + slot.getKey() + "/" + p.name());
                    tensors.add(Tensor.wrap(slot.getValue()[i], p.value().shape()));
                }
            }
        }
        if (fit != null) {
            config.put("fit", fitConfig(fit));
        }
        byte[] json = Json.write(config).getBytes(StandardCharsets.UTF_8);

        long size = HEADER + json.length + 4L + 4;
        for (int t = 0; t < tensors.size(); t++) {
            size += 4 + tensorNames.get(t).getBytes(StandardCharsets.UTF_8).length + 4 + 4L * tensors.get(t).rank()
                    + 4L * tensors.get(t).size();
        }
        if (size > Integer.MAX_VALUE - 8 || tensors.size() > MAX_TENSORS) {
            throw new IllegalStateException("the model is too large for one file (" + size + " bytes, " + tensors.size()
                    + " tensors)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putInt(json.length).put(json).putInt(tensors.size());
        for (int t = 0; t < tensors.size(); t++) {
            byte[] name = tensorNames.get(t).getBytes(StandardCharsets.UTF_8);
            Tensor value = tensors.get(t);
            out.putInt(name.length).put(name).putInt(value.rank());
            for (int d = 0; d < value.rank(); d++) {
                out.putInt(value.dim(d));
            }
            out.asFloatBuffer().put(value.data(), value.offset(), value.size());
            out.position(out.position() + 4 * value.size());
        }
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static Map<String, Object> fitConfig(FitState fit) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("epochs", fit.epochs());
        c.put("batch_size", fit.batchSize());
        c.put("shuffle", fit.shuffle());
        c.put("seed", fit.seed());
        c.put("data_checksum", fit.dataChecksum());
        c.put("validation", fit.validation());
        Map<String, Object> history = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : fit.history().entrySet()) {
            List<Object> values = new ArrayList<>();
            for (double v : e.getValue()) {
                values.add(v);
            }
            history.put(e.getKey(), values);
        }
        c.put("history", history);
        return c;
    }

    private static Map<String, Object> configMap(Sequential model) {
        if (!model.isBuilt()) {
            throw new IllegalStateException("the model is not built, so it has no weights to save: give the first layer"
                    + " an inputShape or call build(...)");
        }
        List<Layer> layers = model.layers();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("format", "vecgrad.Sequential");
        config.put("seed", model.seed());
        config.put("input_shape", layers.get(0).inputShapeBuilt());
        List<Object> layerConfigs = new ArrayList<>();
        for (Layer layer : layers) {
            layerConfigs.add(LayerConfigs.toConfig(layer));
        }
        config.put("layers", layerConfigs);
        if (model.loss() != null) {
            Map<String, Object> compile = new LinkedHashMap<>();
            compile.put("loss", model.loss().name());
            compile.put("optimizer", model.optimizer().config());
            compile.put("metrics", model.metricNames());
            config.put("compile", compile);
        } else {
            config.put("compile", null);
        }
        return config;
    }

    // ---------------------------------------------------------------- loading

    public static Sequential load(Path file) throws IOException {
        return read(file).model();
    }

    /** The model in {@code file}, with its configuration as saved and a backup's fit. */
    public static Loaded read(Path file) throws IOException {
        long length = Files.size(file);
        if (length > Integer.MAX_VALUE - 8) {
            throw new ModelFileException(file + ": " + length + " bytes is larger than any model file vecgrad writes");
        }
        return decodeAll(Files.readAllBytes(file), file.toString());
    }

    /**
     * The model in {@code bytes}, a model file's content (read elsewhere, or shipped to another
     * JVM); {@code source} names them in messages. Checked as {@link #load} checks a file.
     */
    public static Sequential decode(byte[] bytes, String source) throws ModelFileException {
        return decodeAll(bytes, source).model();
    }

    private static Loaded decodeAll(byte[] bytes, String source) throws ModelFileException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFileException(source + " is not a vecgrad model file (no \"vecgrad\" header)");
        }
        if (bytes.length < MAGIC.length + 4) {
            throw new ModelFileException(source + " is truncated: " + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version != 1 && version != VERSION) {
            throw new ModelFileException(source + " has format version " + version + "; this vecgrad reads versions 1"
                    + " and " + VERSION);
        }
        if (bytes.length < HEADER + 4 + 4) {      // header, tensor count, checksum
            throw new ModelFileException(source + " is truncated: " + bytes.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int) crc.getValue() != stored) {
            throw new ModelFileException(source + " is damaged or truncated: its checksum does not match its content");
        }
        Reader r = new Reader(in, bytes.length - 4, source);
        int configLength = r.count("configuration length", 1, MAX_CONFIG_BYTES);
        String json = r.utf8(configLength, "configuration");
        Config config = new Config("configuration", Json.read(json));
        int tensorCount = r.count("tensor count", 0, MAX_TENSORS);
        List<String> names = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        long floats = 0;
        for (int t = 0; t < tensorCount; t++) {
            names.add(r.utf8(r.count("tensor " + t + " name length", 1, MAX_NAME_BYTES), "tensor " + t + " name"));
            Tensor tensor = r.tensor(names.get(t));
            tensors.add(tensor);
            floats += tensor.size();
        }
        if (r.remaining() != 0) {
            throw new ModelFileException(source + ": " + r.remaining() + " unexpected bytes after the last tensor");
        }
        Sequential model = build(config, floats, source);
        int weights = model.params().size();
        if (tensors.size() < weights) {
            throw new ModelFileException(source + ": the layers have " + weights + " weight tensors, the file "
                    + tensors.size());
        }
        assign(model, names.subList(0, weights), tensors.subList(0, weights), source);
        if (version >= 2 && config.has("training")) {
            restoreTraining(model, config.object("training"), names.subList(weights, names.size()),
                    tensors.subList(weights, tensors.size()), source);
        } else if (tensors.size() > weights) {
            throw new ModelFileException(source + ": the layers have " + weights + " weight tensors, the file "
                    + tensors.size());
        }
        FitState fit = version >= 2 && config.has("fit") ? fitState(config.object("fit")) : null;
        return new Loaded(model, configuration(model), fit);
    }

    /** The counters and the optimizer's slots, checked against the model before anything is set. */
    private static void restoreTraining(Sequential model, Config training, List<String> names, List<Tensor> tensors,
                                        String source) throws ModelFileException {
        if (model.loss() == null) {
            throw new ModelFileException(source + ": training state for a model saved without compile");
        }
        long epochs = training.integer("epochs");
        long steps = training.integer("steps");
        long iterations = training.integer("optimizer_iterations");
        List<String> slotNames = training.strings("optimizer_slots", 8);
        List<Param> params = model.params();
        if (tensors.size() != slotNames.size() * params.size()) {
            throw new ModelFileException(source + ": " + slotNames.size() + " optimizer slot(s) for " + params.size()
                    + " weights need " + slotNames.size() * params.size() + " tensors, the file holds " + tensors.size());
        }
        Map<String, float[][]> slots = new LinkedHashMap<>();
        for (int s = 0; s < slotNames.size(); s++) {
            float[][] arrays = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                int t = s * params.size() + i;
                String expected = OPTIMIZER + slotNames.get(s) + "/" + params.get(i).name();
                if (!names.get(t).equals(expected) || !Arrays.equals(tensors.get(t).shape(), params.get(i).value().shape())) {
                    throw new ModelFileException(source + ": tensor " + names.get(t) + " "
                            + dev.vecgrad.core.Shapes.format(tensors.get(t).shape()) + " where " + expected + " "
                            + dev.vecgrad.core.Shapes.format(params.get(i).value().shape()) + " belongs");
                }
                arrays[i] = tensors.get(t).data();
            }
            slots.put(slotNames.get(s), arrays);
        }
        try {
            model.optimizer().restoreState(params, iterations, slots);
            model.restoreTrainingCounters(epochs, steps);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source + ": the training state does not fit the model: " + e.getMessage());
        }
    }

    private static FitState fitState(Config fit) throws ModelFileException {
        Config history = fit.object("history");
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String key : history.keys()) {
            values.put(key, history.doubles(key, MAX_HISTORY));
        }
        return new FitState(fit.integer("epochs", 1, Integer.MAX_VALUE), fit.integer("batch_size", 1, Integer.MAX_VALUE),
                fit.bool("shuffle"), fit.integer("seed"), fit.integer("data_checksum"), fit.bool("validation"), values);
    }

    /** The model the configuration describes, with its layers built; no layer may ask for more weights than the file holds. */
    private static Sequential build(Config config, long floatsInFile, String source) throws ModelFileException {
        if (!config.string("format").equals("vecgrad.Sequential")) {
            throw new ModelFileException(source + ": format \"" + config.string("format")
                    + "\" is not vecgrad.Sequential");
        }
        int[] inputShape = config.ints("input_shape", 1, MAX_SAMPLE_SIZE, MAX_RANK - 1);
        long sample = 1;
        for (int d : inputShape) {
            sample *= d;
        }
        if (inputShape.length == 0 || sample > MAX_SAMPLE_SIZE) {
            throw new ModelFileException(source + ": input_shape " + Arrays.toString(inputShape)
                    + " is empty or holds more than " + MAX_SAMPLE_SIZE + " floats per sample");
        }
        List<Config> layerConfigs = config.objects("layers", MAX_LAYERS);
        if (layerConfigs.isEmpty()) {
            throw new ModelFileException(source + ": the model has no layers");
        }
        Sequential model = new Sequential(config.integer("seed"));
        int[] shape = inputShape;
        long budget = floatsInFile;
        try {
            for (int i = 0; i < layerConfigs.size(); i++) {
                Layer layer = LayerConfigs.fromConfig(layerConfigs.get(i));
                long needed = layer.paramCountFor(shape);
                if (needed > budget) {
                    throw new ModelFileException(source + ": layer " + layer.name() + " needs " + needed
                            + " weights but the file holds only " + budget + " more");
                }
                budget -= needed;
                if (i == 0) {
                    layer.inputShape(shape);
                }
                model.add(layer);
                shape = layer.outputShape();
            }
            if (config.has("compile")) {
                Config compile = config.object("compile");
                model.compile(Loss.of(compile.string("loss")), optimizer(compile.object("optimizer")),
                        compile.strings("metrics", 16).toArray(new String[0]));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(source + ": the configuration does not make a model: " + e.getMessage());
        }
        return model;
    }

    private static Optimizer optimizer(Config c) throws ModelFileException {
        String name = c.string("name");
        return switch (name) {
            case "adam" -> new Adam(c.number("learning_rate"), c.number("beta_1"), c.number("beta_2"),
                    c.number("epsilon"));
            case "sgd" -> new Sgd(c.number("learning_rate"), c.number("momentum"), c.bool("nesterov"));
            default -> throw new ModelFileException("unknown optimizer \"" + name + "\"");
        };
    }

    /** Copies the file's tensors into the model's parameters: same names, same order, same shapes. */
    private static void assign(Sequential model, List<String> names, List<Tensor> tensors, String source)
            throws ModelFileException {
        List<Param> params = model.params();
        if (params.size() != tensors.size()) {
            throw new ModelFileException(source + ": the layers have " + params.size() + " weight tensors, the file "
                    + tensors.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            Tensor t = tensors.get(i);
            if (!p.name().equals(names.get(i)) || !Arrays.equals(p.value().shape(), t.shape())) {
                throw new ModelFileException(source + ": weight " + i + " is " + names.get(i) + " "
                        + dev.vecgrad.core.Shapes.format(t.shape()) + " but the model expects " + p.name() + " "
                        + dev.vecgrad.core.Shapes.format(p.value().shape()));
            }
            System.arraycopy(t.data(), 0, p.value().data(), p.value().offset(), t.size());
        }
    }

    /** Bounded reads from the bytes before the checksum. */
    private static final class Reader {
        private final ByteBuffer in;
        private final int end;
        private final String source;

        Reader(ByteBuffer in, int end, String source) {
            this.in = in;
            this.end = end;
            this.source = source;
        }

        long remaining() {
            return end - in.position();
        }

        private void need(long bytes, String what) throws ModelFileException {
            if (bytes > remaining()) {
                throw new ModelFileException(source + " is truncated: " + what + " needs " + bytes + " bytes, "
                        + remaining() + " are left");
            }
        }

        int count(String what, int min, int max) throws ModelFileException {
            need(4, what);
            int v = in.getInt();
            if (v < min || v > max) {
                throw new ModelFileException(source + ": " + what + " is " + v + ", outside [" + min + ", " + max + "]");
            }
            return v;
        }

        String utf8(int length, String what) throws ModelFileException {
            need(length, what);
            byte[] b = new byte[length];
            in.get(b);
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                return chars.toString();
            } catch (CharacterCodingException e) {
                throw new ModelFileException(source + ": " + what + " is not valid UTF-8");
            }
        }

        Tensor tensor(String name) throws ModelFileException {
            int rank = count(name + " rank", 0, MAX_RANK);
            int[] shape = new int[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = count(name + " dimension " + d, 0, Integer.MAX_VALUE);
                size *= shape[d];
                need(4 * size, name + "'s values");      // before the product can overflow or be allocated
            }
            need(4 * size, name + "'s values");
            float[] data = new float[(int) size];
            in.asFloatBuffer().get(data);
            in.position(in.position() + 4 * (int) size);
            return Tensor.wrap(data, shape);
        }
    }
}
