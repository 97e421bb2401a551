package dev.vecgrad.study.cli;

import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.study.nets.NetStudy;
import dev.vecgrad.study.nets.NoisyShapes;
import dev.vecgrad.study.nets.TutorialNets;
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

    @Option(names = "--stddev", description = "GaussianNoise stddev after the pooling (default: ${DEFAULT-VALUE},"
            + " the tutorial's).", defaultValue = "0.1")
    double stddev;

    @Override
    double stddev() {
        return stddev;
    }

    @Override
    String name() {
        return "cnn";
    }

    @Override
    String title() {
        return String.format(Locale.ROOT, "CNN study: rings vs squares, %dx%d grey images with pixel noise,"
                + " %d training and %d test images", TutorialNets.IMAGE_SIZE, TutorialNets.IMAGE_SIZE, train, test);
    }

    @Override
    NetStudy.Split data() {
        var trainSet = NoisyShapes.generate(train, TutorialNets.IMAGE_SIZE, 0.25, Seeds.derive(seed, 1_000_001));
        var testSet = NoisyShapes.generate(test, TutorialNets.IMAGE_SIZE, 0.25, Seeds.derive(seed, 1_000_002));
        return new NetStudy.Split(trainSet.images(), trainSet.labels(), testSet.images(), testSet.labels());
    }

    @Override
    List<NetStudy.Model> models() {
        // Locals, not the fields: a recipe that read a field would capture the command, which cannot travel.
        double noise = stddev;
        return List.of(
                new NetStudy.Model("none", "no noise", s -> TutorialNets.cnn(s, 0)),
                new NetStudy.Model("noise", "GaussianNoise(" + stddev + ") after MaxPooling2D", s -> TutorialNets.cnn(s, noise)));
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
