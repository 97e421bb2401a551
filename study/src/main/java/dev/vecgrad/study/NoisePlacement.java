package dev.vecgrad.study;

import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.models.Sequential;
import java.util.Locale;

/** Where the grid search puts its noise: on the inputs, before the hidden ReLU, or after it. */
public enum NoisePlacement {
    INPUT, PRE, POST;

    public static NoisePlacement of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown placement '" + name + "': use input, pre or post");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        switch (this) {
            case INPUT:
                return "noise on the inputs";
            case PRE:
                return "noise before the hidden ReLU";
            default:
                return "noise after the hidden ReLU";
        }
    }

    /**
     * The tutorial's model on {@code inputs} features (its points have 2) with noise of
     * {@code stddev} at this place (stddev 0 adds a layer that adds zeros).
     */
    public Sequential build(double stddev, long seed, int inputs) {
        Sequential model = new Sequential(seed);
        switch (this) {
            case INPUT:
                model.add(new GaussianNoise(stddev).inputShape(inputs));
                model.add(new Dense(500, "relu"));
                break;
            case PRE:
                model.add(new Dense(500).inputDim(inputs));
                model.add(new GaussianNoise(stddev));
                model.add(new Activation("relu"));
                break;
            default:
                model.add(new Dense(500, "relu").inputDim(inputs));
                model.add(new GaussianNoise(stddev));
                break;
        }
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }
}
