package dev.vecgrad.study.nets;

import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.MaxPooling2D;
import dev.vecgrad.layers.models.Sequential;

/** The tutorial's CNN and LSTM listings as the {@code cnn} and {@code lstm} studies (and the benchmarks) build them. */
public final class TutorialNets {

    /** Side of the CNN study's images. */
    public static final int IMAGE_SIZE = 12;
    /** Length of the LSTM study's sequences. */
    public static final int SEQUENCE_LENGTH = 12;

    private TutorialNets() {
    }

    /**
     * The tutorial's CNN listing ({@code Conv2D(32, (3,3)), Conv2D(32, (3,3)), MaxPooling2D(),
     * GaussianNoise(0.1), Dense(1)}) with what its "..." leaves out filled in as a Keras user
     * would: 8 filters for 12 x 12 images, ReLU on the convolutions, and Flatten before a
     * sigmoid output for a binary label. No noise layer when {@code stddev} is 0.
     */
    public static Sequential cnn(long seed, double stddev) {
        Sequential model = new Sequential(seed);
        model.add(new Conv2D(8, 3).activation("relu").inputShape(IMAGE_SIZE, IMAGE_SIZE, 1));
        model.add(new Conv2D(8, 3).activation("relu"));
        model.add(new MaxPooling2D());
        if (stddev > 0) {
            model.add(new GaussianNoise(stddev));
        }
        model.add(new Flatten());
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        return model;
    }

    /** Where the Fashion-MNIST CNN has its GaussianNoise layer. */
    public enum NoiseAt { NONE, AFTER_POOLING, INPUT }

    /**
     * The tutorial's CNN listing as written, for 28 x 28 grey images and ten classes:
     * {@code Conv2D(32, (3,3), relu), Conv2D(32, (3,3), relu), MaxPooling2D(),
     * GaussianNoise(stddev), Flatten(), Dense(10, softmax)}, on integer labels
     * ({@code sparse_categorical_crossentropy}, Adam). The noise sits after the pooling as in the
     * tutorial, on the input instead, or nowhere.
     */
    public static Sequential fashionCnn(long seed, double stddev, NoiseAt at) {
        Sequential model = new Sequential(seed);
        if (at == NoiseAt.INPUT) {
            model.add(new GaussianNoise(stddev).inputShape(28, 28, 1));
            model.add(new Conv2D(32, 3).activation("relu"));
        } else {
            model.add(new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1));
        }
        model.add(new Conv2D(32, 3).activation("relu"));
        model.add(new MaxPooling2D());
        if (at == NoiseAt.AFTER_POOLING) {
            model.add(new GaussianNoise(stddev));
        }
        model.add(new Flatten());
        model.add(new Dense(10, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        return model;
    }

    /**
     * The tutorial's LSTM listing, line for line ({@code LSTM(32), GaussianNoise(0.5),
     * Activation('relu'), Dense(1)}), on sequences of one feature, trained on mean squared
     * error. No noise layer when {@code stddev} is 0.
     */
    public static Sequential lstm(long seed, int units, double stddev) {
        Sequential model = new Sequential(seed);
        model.add(new LSTM(units).inputShape(SEQUENCE_LENGTH, 1));
        if (stddev > 0) {
            model.add(new GaussianNoise(stddev));
        }
        model.add(new Activation("relu"));
        model.add(new Dense(1));
        model.compile("mse", "adam");
        return model;
    }
}
