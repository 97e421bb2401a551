package dev.vecgrad.study.cli;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.layers.datasets.FashionMnist;
import dev.vecgrad.layers.datasets.IdxFormatException;
import dev.vecgrad.layers.datasets.ImageData;
import dev.vecgrad.layers.datasets.LabeledImages;
import dev.vecgrad.study.nets.NetStudy;
import dev.vecgrad.study.nets.TutorialNets.NoiseAt;
import dev.vecgrad.study.nets.TutorialNets;
import dev.vecgrad.study.plots.ImageGrid;
import dev.vecgrad.study.report.HtmlReport;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code fashion}: the tutorial's CNN listing as written ({@code Conv2D(32), Conv2D(32),
 * MaxPooling2D, GaussianNoise(0.1), Flatten, Dense(10, softmax)}) on Fashion-MNIST, trained
 * on a small subset (the tutorial's overfitting regime) and tested on all 10,000 test images;
 * without noise, with the noise after the pooling, and with it on the input instead.
 */
@Command(name = "fashion", mixinStandardHelpOptions = true, defaultValueProvider = FashionCommand.Defaults.class,
        description = "Train the tutorial's CNN on Fashion-MNIST images: without noise, with GaussianNoise after the"
                + " pooling (the tutorial's place), and with it on the input.")
final class FashionCommand extends NetStudyCommand {

    /** The shared options' defaults for this study: the tutorial's regime, under a minute here. */
    static final class Defaults implements IDefaultValueProvider {
        private static final Map<String, String> VALUES = Map.of("--train", "1000", "--test", "10000", "--epochs", "5");

        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec option ? VALUES.get(option.longestName()) : null;
        }
    }

    /** How many test images the picture of predictions shows. */
    private static final int SAMPLES = 24;

    @Option(names = "--stddev", description = "GaussianNoise stddev (default: ${DEFAULT-VALUE}, the tutorial's).",
            defaultValue = "0.1")
    double stddev;

    @Option(names = "--data-dir", description = "Folder with the four Fashion-MNIST IDX files, gzipped or not"
            + " (default: ${DEFAULT-VALUE}, where Debian's dataset-fashion-mnist package puts them).")
    Path dataDir = FashionMnist.DEBIAN_DIR;

    private ImageData data;

    @Override
    double stddev() {
        return stddev;
    }

    @Override
    String name() {
        return "fashion";
    }

    @Override
    String title() {
        return String.format(Locale.ROOT, "Fashion-MNIST study: the tutorial's CNN, %d training and %d test images",
                train, test);
    }

    @Override
    void validateOwn() {
        if (train > 60_000 || test > 10_000) {
            throw bad("Fashion-MNIST has 60000 training and 10000 test images; --train " + train + " and --test " + test
                    + " ask for more");
        }
        data = load(dataDir, train, test, this::bad);
    }

    /**
     * Fashion-MNIST from {@code dir}, with at least {@code train} and {@code test} images; what
     * is missing or damaged is a bad option (exit 2) that says how to get the files.
     */
    static ImageData load(Path dir, int train, int test, Function<String, ParameterException> bad) {
        ImageData images;
        try {
            images = FashionMnist.load(dir);
        } catch (NoSuchFileException e) {
            throw bad.apply("Fashion-MNIST not found: " + e.getMessage() + ". Install it with 'apt-get install"
                    + " dataset-fashion-mnist' (Debian, Ubuntu), or download the four files from"
                    + " https://github.com/zalandoresearch/fashion-mnist and pass their folder with --data-dir DIR.");
        } catch (IdxFormatException e) {
            throw bad.apply("Fashion-MNIST file is damaged: " + e.getMessage());
        } catch (IOException e) {
            throw bad.apply("cannot read Fashion-MNIST from " + dir + ": " + e);
        }
        if (train > images.train().size() || test > images.test().size()) {
            throw bad.apply("--train " + train + " and --test " + test + " ask for more images than " + dir + " holds ("
                    + images.train().size() + " training, " + images.test().size() + " test)");
        }
        return images;
    }

    @Override
    NetStudy.Split data() {
        LabeledImages trainSet = data.train().first(train);
        LabeledImages testSet = data.test().first(test);
        return new NetStudy.Split(trainSet.images(), trainSet.labelColumn(), testSet.images(), testSet.labelColumn());
    }

    @Override
    List<NetStudy.Model> models() {
        // Locals, not the fields: a recipe that read a field would capture the command, which cannot travel.
        double noise = stddev;
        return List.of(
                new NetStudy.Model("none", "no noise", s -> TutorialNets.fashionCnn(s, 0, NoiseAt.NONE)),
                new NetStudy.Model("pooling", "GaussianNoise(" + stddev + ") after MaxPooling2D",
                        s -> TutorialNets.fashionCnn(s, noise, NoiseAt.AFTER_POOLING)),
                new NetStudy.Model("input", "GaussianNoise(" + stddev + ") on the input",
                        s -> TutorialNets.fashionCnn(s, noise, NoiseAt.INPUT)));
    }

    @Override
    boolean plotsLossToo() {
        return true;
    }

    @Override
    String metric() {
        return "accuracy";
    }

    @Override
    String metricLabel() {
        return "accuracy";
    }

    /** The first test images, which every trained run predicts for the picture below. */
    @Override
    Tensor probe() {
        return data.test().first(Math.min(SAMPLES, test)).images();
    }

    /** A picture of the first test images with the tutorial model's (noise after pooling, run 0) predictions. */
    @Override
    void writeOwnFiles(List<NetStudy.Outcome> outcomes, HtmlReport report) throws IOException {
        int count = Math.min(SAMPLES, test);
        LabeledImages samples = data.test().first(count);
        Tensor probabilities = outcomes.get(1).runs().get(0).probePredictions();
        int[] predicted = new int[count];
        KernelProvider.get().argmaxRows(count, FashionMnist.CLASS_NAMES.size(), probabilities.data(),
                probabilities.offset(), predicted, 0);
        ImageGrid.write(samples.images(), count, 8, predicted, samples.labels(), FashionMnist.CLASS_NAMES,
                out.resolve("fashion-samples.png"));
        report.figure("fashion-samples.png", "The first " + count + " test images and what the model with "
                + outcomes.get(1).model().description() + " (run 0) calls them; mistakes in red, with the true class.");
    }
}
