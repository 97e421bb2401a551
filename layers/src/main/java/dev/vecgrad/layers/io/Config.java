package dev.vecgrad.layers.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed JSON object read with types checked: a missing or mistyped entry is a {@link ModelFileException} naming it. */
final class Config {

    private final String where;
    private final Map<String, Object> map;

    Config(String where, Object parsed) throws ModelFileException {
        if (!(parsed instanceof Map<?, ?>)) {
            throw new ModelFileException(where + " is not a JSON object");
        }
        this.where = where;
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        this.map = m;
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    private Object get(String key) throws ModelFileException {
        Object v = map.get(key);
        if (v == null) {
            throw new ModelFileException(where + ": \"" + key + "\" is missing");
        }
        return v;
    }

    private ModelFileException wrong(String key, String type) {
        return new ModelFileException(where + ": \"" + key + "\" is not " + type + ": " + map.get(key));
    }

    String string(String key) throws ModelFileException {
        if (get(key) instanceof String s) {
            return s;
        }
        throw wrong(key, "a string");
    }

    boolean bool(String key) throws ModelFileException {
        if (get(key) instanceof Boolean b) {
            return b;
        }
        throw wrong(key, "true or false");
    }

    double number(String key) throws ModelFileException {
        if (get(key) instanceof BigDecimal d) {
            double v = d.doubleValue();
            if (Double.isFinite(v)) {
                return v;
            }
        }
        throw wrong(key, "a finite number");
    }

    long integer(String key) throws ModelFileException {
        if (get(key) instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                // not an integer, or out of range
            }
        }
        throw wrong(key, "a 64-bit integer");
    }

    /** An int in {@code [min, max]}. */
    int integer(String key, int min, int max) throws ModelFileException {
        long v = integer(key);
        if (v < min || v > max) {
            throw new ModelFileException(where + ": \"" + key + "\" is " + v + ", outside [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    /** An array of ints, each in {@code [min, max]}, of at most {@code maxLength} entries. */
    int[] ints(String key, int min, int max, int maxLength) throws ModelFileException {
        if (!(get(key) instanceof List<?> list) || list.size() > maxLength) {
            throw wrong(key, "an array of at most " + maxLength + " integers");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof BigDecimal d)) {
                throw wrong(key, "an array of integers");
            }
            long v;
            try {
                v = d.longValueExact();
            } catch (ArithmeticException e) {
                throw wrong(key, "an array of integers");
            }
            if (v < min || v > max) {
                throw new ModelFileException(where + ": \"" + key + "\" holds " + v + ", outside [" + min + ", " + max + "]");
            }
            out[i] = (int) v;
        }
        return out;
    }

    List<Config> objects(String key, int maxLength) throws ModelFileException {
        if (!(get(key) instanceof List<?> list) || list.size() > maxLength) {
            throw wrong(key, "an array of at most " + maxLength + " objects");
        }
        List<Config> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new Config(where + " " + key + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    List<String> strings(String key, int maxLength) throws ModelFileException {
        if (!(get(key) instanceof List<?> list) || list.size() > maxLength) {
            throw wrong(key, "an array of at most " + maxLength + " strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw wrong(key, "an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** An array of finite numbers, of at most {@code maxLength} entries. */
    double[] doubles(String key, int maxLength) throws ModelFileException {
        if (!(get(key) instanceof List<?> list) || list.size() > maxLength) {
            throw wrong(key, "an array of at most " + maxLength + " numbers");
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof BigDecimal d) || !Double.isFinite(d.doubleValue())) {
                throw wrong(key, "an array of finite numbers");
            }
            out[i] = d.doubleValue();
        }
        return out;
    }

    /** The object's keys, in the file's order. */
    Set<String> keys() {
        return map.keySet();
    }

    Config object(String key) throws ModelFileException {
        return new Config(where + " " + key, get(key));
    }
}
