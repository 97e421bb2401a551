package dev.vecgrad.demo;

import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.demo.nets.NetStudy;
import dev.vecgrad.demo.nets.NoisyShapes;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.MaxPooling2D;
import dev.vecgrad.layers.models.Sequential;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cnn}: the tutorial's CNN listing ({@code Conv2D, Conv2D, MaxPooling2D,
 * GaussianNoise}) on a small image task, with and without the noise layer.
 */
@Command(name = "cnn", mixinStandardHelpOptions = true,
        description = "Train the tutorial's CNN (Conv2D, Conv2D, MaxPooling2D, GaussianNoise, ...) on noisy"
                + " ring-vs-square images, with and without the noise.")
final class CnnCommand extends NetStudyCommand {

    static final int SIZE = 12;

    @Option(names = "--epochs", description = "Epochs per run (default: ${DEFAULT-VALUE}).", defaultValue = "150")
    int epochs;

    @Option(names = "--stddev", description = "GaussianNoise stddev after the pooling (default: ${DEFAULT-VALUE},"
            + " the tutorial's).", defaultValue = "0.1")
    double stddev;

    @Option(names = "--train", description = "Training images (default: ${DEFAULT-VALUE}).", defaultValue = "40")
    int train;

    @Option(names = "--test", description = "Test images (default: ${DEFAULT-VALUE}).", defaultValue = "400")
    int test;

    @Override
    String name() {
        return "cnn";
    }

    @Override
    String title() {
        return String.format(Locale.ROOT, "CNN study: rings vs squares, %dx%d grey images with pixel noise,"
                + " %d training and %d test images", SIZE, SIZE, train, test);
    }

    @Override
    int epochs() {
        return epochs;
    }

    @Override
    int batchSize() {
        return 32;
    }

    @Override
    void validateOwn() {
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw bad("--stddev must be finite and >= 0, got " + stddev);
        }
        if (train < 1 || test < 1) {
            throw bad("--train and --test must be at least 1, got " + train + " and " + test);
        }
    }

    @Override
    NetStudy.Split data() {
        var trainSet = NoisyShapes.generate(train, SIZE, 0.25, Seeds.derive(seed, 1_000_001));
        var testSet = NoisyShapes.generate(test, SIZE, 0.25, Seeds.derive(seed, 1_000_002));
        return new NetStudy.Split(trainSet.images(), trainSet.labels(), testSet.images(), testSet.labels());
    }

    @Override
    List<NetStudy.Model> models() {
        return List.of(
                new NetStudy.Model("none", "no noise", s -> model(s, 0)),
                new NetStudy.Model("noise", "GaussianNoise(" + stddev + ") after MaxPooling2D", s -> model(s, stddev)));
    }

    /**
     * The tutorial's listing with what its "..." leaves out filled in as a Keras user would:
     * ReLU on the convolutions, and Flatten before a sigmoid output for a binary label.
     */
    static Sequential model(long seed, double stddev) {
        Sequential model = new Sequential(seed);
        model.add(new Conv2D(8, 3).activation("relu").inputShape(SIZE, SIZE, 1));
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

    @Override
    String metric() {
        return "accuracy";
    }

    @Override
    String metricLabel() {
        return "accuracy";
    }
}
