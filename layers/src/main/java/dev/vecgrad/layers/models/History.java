package dev.vecgrad.layers.models;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Sequential#fit} returns, as Keras's {@code History}: per epoch, the value of
 * every logged quantity under its Keras name ({@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}), in the order Keras logs them.
 */
public final class History implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;

    /** Appends one epoch's logs. */
    void record(Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        epochs++;
    }

    /** Appends every epoch of {@code earlier} (a resumed fit's first epochs). */
    void append(History earlier) {
        for (Map.Entry<String, List<Double>> e : earlier.values.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
        }
        epochs += earlier.epochs;
    }

    /** A history from its values, key by key (each one value per epoch), as {@link #asMap} gave them. */
    public static History of(Map<String, double[]> values) {
        History h = new History();
        int epochs = -1;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            if (epochs >= 0 && e.getValue().length != epochs) {
                throw new IllegalArgumentException("history '" + e.getKey() + "' has " + e.getValue().length
                        + " values, the others " + epochs);
            }
            epochs = e.getValue().length;
            List<Double> list = new ArrayList<>();
            for (double v : e.getValue()) {
                list.add(v);
            }
            h.values.put(e.getKey(), list);
        }
        h.epochs = Math.max(epochs, 0);
        return h;
    }

    /** Every key's values, in Keras's order. */
    public Map<String, double[]> asMap() {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            map.put(key, get(key));
        }
        return map;
    }

    /** The logged names, in Keras's order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The values of {@code key}, one per epoch. */
    public double[] get(String key) {
        List<Double> list = values.get(key);
        if (list == null) {
            throw new IllegalArgumentException("no '" + key + "' in this history; it has " + values.keySet());
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    /** The last epoch's value of {@code key}. */
    public double last(String key) {
        double[] v = get(key);
        return v[v.length - 1];
    }

    /** Epochs run (fewer than asked for when a callback stopped training early). */
    public int epochs() {
        return epochs;
    }

    /** Same keys, same values, bit for bit. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof History)) {
            return false;
        }
        History other = (History) o;
        if (!values.keySet().equals(other.values.keySet())) {
            return false;
        }
        for (String key : values.keySet()) {
            if (!Arrays.equals(get(key), other.get(key))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History(").append(epochs).append(" epochs");
        for (String key : values.keySet()) {
            sb.append(", ").append(key).append(" ").append(String.format(Locale.ROOT, "%.4f", last(key)));
        }
        return sb.append(')').toString();
    }
}
