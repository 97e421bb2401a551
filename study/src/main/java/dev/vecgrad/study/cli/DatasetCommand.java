package dev.vecgrad.study.cli;

import dev.vecgrad.layers.datasets.Dataset;
import dev.vecgrad.layers.datasets.MakeCircles;
import dev.vecgrad.layers.datasets.MakeMoons;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints scikit-learn's datasets, reproduced exactly, as CSV {@code x0,x1,y} (doubles that parse back to themselves). */
final class DatasetCommand {

    private DatasetCommand() {
    }

    abstract static class Common implements Callable<Integer> {

        @Option(names = "--samples", description = "n_samples (default: ${DEFAULT-VALUE}).", defaultValue = "100")
        int samples;

        @Option(names = "--noise", description = "Standard deviation of the noise added (default: none).")
        Double noise;

        @Option(names = "--random-state", description = "numpy seed, 0 to 2^32-1 (default: ${DEFAULT-VALUE}).",
                defaultValue = "0")
        long randomState;

        @Option(names = "--no-shuffle", description = "Keep scikit-learn's generation order.")
        boolean noShuffle;

        abstract Dataset generate();

        @Override
        public Integer call() {
            System.out.print(generate().toCsv());
            System.out.flush();
            return 0;
        }
    }

    @Command(name = "circles", mixinStandardHelpOptions = true,
            description = "Print make_circles(n_samples, noise, random_state, factor, shuffle) as CSV.")
    static final class Circles extends Common {

        @Option(names = "--factor", description = "Inner radius relative to the outer (default: ${DEFAULT-VALUE}).",
                defaultValue = "0.8")
        double factor;

        @Override
        Dataset generate() {
            return MakeCircles.generate(samples, noise, randomState, factor, !noShuffle);
        }
    }

    @Command(name = "moons", mixinStandardHelpOptions = true,
            description = "Print make_moons(n_samples, noise, random_state, shuffle) as CSV.")
    static final class Moons extends Common {

        @Override
        Dataset generate() {
            return MakeMoons.generate(samples, noise, randomState, !noShuffle);
        }
    }
}
