package dev.vecgrad.layers.models;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Sequential#evaluate} returns: the loss and every metric, by Keras name, in the
 * order Keras's {@code evaluate} lists them ({@code [loss, accuracy]}).
 */
public final class Evaluation implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Double> values;

    Evaluation(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public double loss() {
        return values.get("loss");
    }

    /** A metric by name, for example {@code get("accuracy")}. */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no '" + name + "' in this evaluation; it has " + values.keySet());
        }
        return v;
    }

    /** The values in Keras's order: {@code values()[1]} is the first metric, as {@code _, acc = model.evaluate(...)}. */
    public double[] values() {
        return values.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    public Map<String, Double> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
