package dev.vecgrad.layers.io;

import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Dropout;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianDropout;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.Layer;
import dev.vecgrad.layers.MaxPooling2D;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Layers to and from their configuration in a model file. The layer types are a fixed list
 * written out here: a file names a type, never a class, so loading one can only ever make
 * these layers.
 */
public final class LayerConfigs {

    /** Largest unit, filter or window count a file may ask for (weights must also be in the file). */
    private static final int MAX_SIZE = 1 << 24;

    private LayerConfigs() {
    }

    /** Whether {@link #toConfig} knows this layer's type (all of vecgrad's layers are final classes). */
    public static boolean isSupported(Layer layer) {
        return layer instanceof Dense || layer instanceof Activation || layer instanceof GaussianNoise
                || layer instanceof GaussianDropout || layer instanceof Dropout || layer instanceof Conv2D
                || layer instanceof MaxPooling2D || layer instanceof Flatten || layer instanceof LSTM;
    }

    /** {@code {"type": ..., "name": ..., <the layer's config>}}. */
    public static Map<String, Object> toConfig(Layer layer) {
        if (!isSupported(layer)) {
            throw new IllegalArgumentException("layer " + layer.name() + " of type " + layer.getClass().getName()
                    + " cannot be saved: model files hold only vecgrad's own layer types");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", layer.typeName());
        c.put("name", layer.name());
        c.putAll(layer.config());
        return c;
    }

    /** A new, unbuilt layer from its configuration. */
    static Layer fromConfig(Config c) throws ModelFileException {
        String type = c.string("type");
        Layer layer;
        try {
            layer = switch (type) {
                case "Dense" -> new Dense(c.integer("units", 1, MAX_SIZE), c.string("activation"))
                        .useBias(c.bool("use_bias"));
                case "Activation" -> new Activation(c.string("activation"));
                case "GaussianNoise" -> withSeed(new GaussianNoise(c.number("stddev")), c);
                case "GaussianDropout" -> withSeed(new GaussianDropout(c.number("rate")), c);
                case "Dropout" -> withSeed(new Dropout(c.number("rate")), c);
                case "Conv2D" -> {
                    int[] k = c.ints("kernel_size", 1, MAX_SIZE, 2);
                    int[] s = c.ints("strides", 1, MAX_SIZE, 2);
                    if (k.length != 2 || s.length != 2) {
                        throw new ModelFileException("Conv2D: kernel_size and strides need two entries each");
                    }
                    yield new Conv2D(c.integer("filters", 1, MAX_SIZE), k[0], k[1]).strides(s[0], s[1])
                            .padding(c.string("padding")).activation(c.string("activation")).useBias(c.bool("use_bias"));
                }
                case "MaxPooling2D" -> {
                    int[] p = c.ints("pool_size", 1, MAX_SIZE, 2);
                    int[] s = c.ints("strides", 1, MAX_SIZE, 2);
                    if (p.length != 2 || s.length != 2) {
                        throw new ModelFileException("MaxPooling2D: pool_size and strides need two entries each");
                    }
                    yield new MaxPooling2D(p[0], p[1]).strides(s[0], s[1]).padding(c.string("padding"));
                }
                case "Flatten" -> new Flatten();
                case "LSTM" -> new LSTM(c.integer("units", 1, MAX_SIZE)).returnSequences(c.bool("return_sequences"))
                        .unitForgetBias(c.bool("unit_forget_bias"));
                default -> throw new ModelFileException("unknown layer type \"" + type + "\"");
            };
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(type + ": " + e.getMessage());
        }
        String name = c.string("name");
        if (name.isEmpty() || name.length() > 256) {
            throw new ModelFileException(type + ": a layer name must have 1 to 256 characters");
        }
        return layer.name(name);
    }

    private static Layer withSeed(GaussianNoise layer, Config c) throws ModelFileException {
        return c.has("seed") ? layer.seed(c.integer("seed")) : layer;
    }

    private static Layer withSeed(GaussianDropout layer, Config c) throws ModelFileException {
        return c.has("seed") ? layer.seed(c.integer("seed")) : layer;
    }

    private static Layer withSeed(Dropout layer, Config c) throws ModelFileException {
        return c.has("seed") ? layer.seed(c.integer("seed")) : layer;
    }
}
