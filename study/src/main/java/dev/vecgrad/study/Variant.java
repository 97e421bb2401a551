package dev.vecgrad.study;

import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.models.Sequential;
import java.util.Locale;

/**
 * The tutorial's models: (a) no noise, (b) noise on the inputs, (c) noise before the hidden
 * ReLU, (d) noise after it, and (e) the tutorial's third extension, input and hidden noise
 * together. With the accuracies the tutorial reports for its single runs.
 */
public enum Variant {
    A("no noise", 1.000, 0.757),
    B("input noise 0.01", 1.000, 0.771),
    C("noise 0.1 before ReLU", 0.967, 0.814),
    D("noise 0.1 after ReLU", 0.967, 0.814),
    E("input 0.01 + noise 0.1 before ReLU", Double.NaN, Double.NaN);

    private final String description;
    private final double tutorialTrain;
    private final double tutorialTest;

    Variant(String description, double tutorialTrain, double tutorialTest) {
        this.description = description;
        this.tutorialTrain = tutorialTrain;
        this.tutorialTest = tutorialTest;
    }

    /** The one-letter id used on the command line and in file names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    /** The tutorial's train accuracy, or NaN where it reports none. */
    public double tutorialTrain() {
        return tutorialTrain;
    }

    public double tutorialTest() {
        return tutorialTest;
    }

    public static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "': use a, b, c, d or e");
    }

    /** The model as the tutorial builds it (Dense(500) hidden layer, Adam, binary cross-entropy). */
    public Sequential build(long seed) {
        return build(seed, 2);
    }

    /** The same on {@code inputs} features (the tutorial's points have 2). */
    public Sequential build(long seed, int inputs) {
        Sequential model = new Sequential(seed);
        switch (this) {
            case A:
                model.add(new Dense(500, "relu").inputDim(inputs));
                break;
            case B:
                model.add(new GaussianNoise(0.01).inputShape(inputs));
                model.add(new Dense(500, "relu"));
                break;
            case C:
                model.add(new Dense(500).inputDim(inputs));
                model.add(new GaussianNoise(0.1));
                model.add(new Activation("relu"));
                break;
            case D:
                model.add(new Dense(500, "relu").inputDim(inputs));
                model.add(new GaussianNoise(0.1));
                break;
            default:
                model.add(new GaussianNoise(0.01).inputShape(inputs));
                model.add(new Dense(500));
                model.add(new GaussianNoise(0.1));
                model.add(new Activation("relu"));
                break;
        }
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }
}
