package dev.vecgrad.core.conv;

import java.util.Locale;

/**
 * How a sliding window treats the border, with Keras's (TensorFlow's) meaning:
 * {@code VALID} uses only windows that fit inside the input; {@code SAME} pads so that the
 * output has {@code ceil(input / stride)} positions, with the odd padding element at the
 * bottom and right.
 */
public enum Padding {
    VALID, SAME;

    /** {@code "valid"} or {@code "same"}, as Keras spells them. */
    public static Padding of(String name) {
        switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "valid":
                return VALID;
            case "same":
                return SAME;
            default:
                throw new IllegalArgumentException("padding must be \"valid\" or \"same\", got " + name);
        }
    }

    /** The Keras spelling. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
