package dev.vecgrad.study.cli;

import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.study.nets.NetStudy;
import dev.vecgrad.study.nets.NoisySines;
import dev.vecgrad.study.nets.TutorialNets;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lstm}: the tutorial's LSTM listing ({@code LSTM(32), GaussianNoise(0.5),
 * Activation('relu'), Dense(1)}) forecasting a noisy sine wave, with and without the noise.
 */
@Command(name = "lstm", mixinStandardHelpOptions = true,
        description = "Train the tutorial's LSTM (LSTM(32), GaussianNoise(0.5), Activation('relu'), Dense(1)) to"
                + " forecast noisy sine waves, with and without the noise.")
final class LstmCommand extends NetStudyCommand {

    @Option(names = "--stddev", description = "GaussianNoise stddev after the LSTM (default: ${DEFAULT-VALUE},"
            + " the tutorial's).", defaultValue = "0.5")
    double stddev;

    @Option(names = "--units", description = "LSTM units (default: ${DEFAULT-VALUE}, the tutorial's).",
            defaultValue = "32")
    int units;

    @Override
    double stddev() {
        return stddev;
    }

    @Override
    String name() {
        return "lstm";
    }

    @Override
    String title() {
        return String.format(Locale.ROOT, "LSTM study: forecast the next value of a sine wave from %d noisy samples,"
                + " %d training and %d test sequences", TutorialNets.SEQUENCE_LENGTH, train, test);
    }

    @Override
    void validateOwn() {
        if (units < 1) {
            throw bad("--units must be at least 1, got " + units);
        }
    }

    @Override
    NetStudy.Split data() {
        var trainSet = NoisySines.generate(train, TutorialNets.SEQUENCE_LENGTH, 0.1, Seeds.derive(seed, 2_000_001));
        var testSet = NoisySines.generate(test, TutorialNets.SEQUENCE_LENGTH, 0.1, Seeds.derive(seed, 2_000_002));
        return new NetStudy.Split(trainSet.sequences(), trainSet.targets(), testSet.sequences(), testSet.targets());
    }

    @Override
    List<NetStudy.Model> models() {
        // Locals, not the fields: a recipe that read a field would capture the command, which cannot travel.
        double noise = stddev;
        int size = units;
        return List.of(
                new NetStudy.Model("none", "no noise", s -> TutorialNets.lstm(s, size, 0)),
                new NetStudy.Model("noise", "GaussianNoise(" + stddev + ") after LSTM", s -> TutorialNets.lstm(s, size, noise)));
    }

    @Override
    String metric() {
        return "loss";
    }

    @Override
    String metricLabel() {
        return "MSE";
    }
}
