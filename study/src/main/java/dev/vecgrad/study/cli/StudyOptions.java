package dev.vecgrad.study.cli;

import dev.vecgrad.study.LocalRunPool;
import dev.vecgrad.study.RunPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every training command shares, and where its runs train: on {@code --threads}
 * threads here unless a front end such as {@code vecgrad-spark} sent them elsewhere
 * ({@link #runOn}).
 */
public final class StudyOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    // Ten by default: one run's test accuracy moves by +-0.02 from seed to seed, more than the
    // tutorial's effect (a single run per variant printed 0.786 four times); ten give 95%
    // intervals that separate the variants that differ.
    @Option(names = "--runs", description = "Independent runs per configuration (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int runs;

    @Option(names = "--epochs", description = "Epochs per run (default: ${DEFAULT-VALUE}, the tutorial's).",
            defaultValue = "4000")
    int epochs;

    @Option(names = "--seed", description = "Base seed; run i trains with a seed derived from it and i"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--threads", description = "Runs trained at once (default: all cores).")
    Integer threads;

    @Option(names = "--out", description = "Folder for plots, data and report.html (default: ${DEFAULT-VALUE}).",
            defaultValue = "vecgrad-results")
    Path out;

    @Option(names = "--data", paramLabel = "FILE", description = "A CSV file (columns x0,...,xn,y; labels 0 or 1)"
            + " to study instead of the tutorial's make_circles; the first 30 rows train, the rest test.")
    Path data;

    @Option(names = "--json", description = "Print one JSON document on standard output instead of the tables.")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar and no notes on standard error.")
    boolean quiet;

    /** Checks the values picocli could not, with the one-line errors and exit code 2 of bad options. */
    void validate() {
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs must be at least 1, got " + runs);
        }
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1, got " + epochs);
        }
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
    }

    /** The tutorial's data, or the user's CSV. A bad file is an error naming its line and column. */
    dev.vecgrad.study.CaseStudyData data() throws IOException {
        return caseStudyData(data, message -> new ParameterException(spec.commandLine(), message));
    }

    /**
     * The tutorial's data when {@code csv} is null, else that file; a file that is not there or
     * cannot be read is a bad option (exit 2, as the others), not a failure of the study.
     */
    static dev.vecgrad.study.CaseStudyData caseStudyData(Path csv, Function<String, ParameterException> bad)
            throws IOException {
        if (csv == null) {
            return dev.vecgrad.study.CaseStudyData.tutorial();
        }
        if (!Files.exists(csv)) {
            throw bad.apply("--data " + csv + ": no such file");
        }
        if (!Files.isRegularFile(csv) || !Files.isReadable(csv)) {
            throw bad.apply("--data " + csv + ": not a readable file");
        }
        return dev.vecgrad.study.CaseStudyData.of(dev.vecgrad.layers.datasets.CsvData.read(csv),
                csv.getFileName().toString());
    }

    private RunPool.Factory pools = LocalRunPool::new;

    int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Sends the command's runs to the pools {@code pools} makes instead of this JVM's threads. */
    void runOn(RunPool.Factory pools) {
        this.pools = pools;
    }

    /** The pool the runs train on. */
    RunPool runPool() {
        return pools.create(threads());
    }
}
