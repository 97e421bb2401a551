package dev.vecgrad.study.cli;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.study.LocalRunPool;
import dev.vecgrad.study.RunPool;
import dev.vecgrad.study.nets.NetStudy;
import dev.vecgrad.study.plots.Charts;
import dev.vecgrad.study.report.HtmlReport;
import dev.vecgrad.study.report.JsonWriter;
import dev.vecgrad.study.report.ResultFiles;
import dev.vecgrad.study.report.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the {@code cnn}, {@code lstm} and {@code fashion} studies share: train a model with and
 * without the tutorial's noise layer over several runs, print train and test figures and a
 * reading of them, and write the curves ({@code <name>-curves.png}), every epoch of every run
 * ({@code <name>-history.csv}), the summary ({@code <name>-summary.csv} and
 * {@code <name>-summary.json}) and a page with all of it ({@code <name>-report.html}).
 */
abstract class NetStudyCommand implements StudyCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", description = "Independent runs per model (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int runs;

    @Option(names = "--seed", description = "Base seed of the data and the runs (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--threads", description = "Runs trained at once (default: all cores).")
    Integer threads;

    @Option(names = "--out", description = "Folder for the plots and data (default: ${DEFAULT-VALUE}).",
            defaultValue = "vecgrad-results")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--json", description = "Print the summary as JSON instead of the table.")
    boolean json;

    @Option(names = "--epochs", description = "Epochs per run (default: ${DEFAULT-VALUE}).", defaultValue = "150")
    int epochs;

    @Option(names = "--train", description = "Training samples (default: ${DEFAULT-VALUE}).", defaultValue = "40")
    int train;

    @Option(names = "--test", description = "Test samples (default: ${DEFAULT-VALUE}).", defaultValue = "400")
    int test;

    @Mixin
    CheckpointOptions checkpoint = new CheckpointOptions();

    /** Samples per batch, Keras's default. */
    static final int BATCH_SIZE = 32;

    /** The study's short name: the prefix of its files. */
    abstract String name();

    /** One line saying what the data and models are. */
    abstract String title();

    /** The noise layer's stddev (each study has its own option, with the tutorial's value as default). */
    abstract double stddev();

    abstract NetStudy.Split data();

    /** The model without noise first, then with it. */
    abstract List<NetStudy.Model> models();

    /** The metric the table and plots report: {@code "accuracy"} or {@code "loss"}. */
    abstract String metric();

    /** How {@link #metric()} is named in the table and on the plot's axis. */
    abstract String metricLabel();

    /** Checks the subcommand's own options (throw {@link #bad}); none by default. */
    void validateOwn() {
    }

    /** Whether the curves show the loss too, in a second row (for an accuracy study). */
    boolean plotsLossToo() {
        return false;
    }

    /** Inputs each trained run predicts, for {@link #writeOwnFiles} (in {@code Run.probePredictions}); none by default. */
    Tensor probe() {
        return null;
    }

    /** Writes a study's own files into {@code out} and adds them to the report; none by default. */
    void writeOwnFiles(List<NetStudy.Outcome> outcomes, HtmlReport report) throws IOException {
    }

    private RunPool.Factory pools = LocalRunPool::new;

    @Override
    public void runOn(RunPool.Factory pools) {
        this.pools = pools;
    }

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws IOException {
        if (runs < 1) {
            throw bad("--runs must be at least 1, got " + runs);
        }
        if (epochs < 1) {
            throw bad("--epochs must be at least 1, got " + epochs);
        }
        if (!(stddev() >= 0) || Double.isInfinite(stddev())) {
            throw bad("--stddev must be finite and >= 0, got " + stddev());
        }
        if (train < 1 || test < 1) {
            throw bad("--train and --test must be at least 1, got " + train + " and " + test);
        }
        if (threads != null && threads < 1) {
            throw bad("--threads must be at least 1, got " + threads);
        }
        validateOwn();
        Studies.announceKernels();
        List<NetStudy.Model> models = models();
        NetStudy study = new NetStudy(data(), epochs, BATCH_SIZE, probe());
        RunPool pool = pools.create(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        ProgressBar progress = new ProgressBar(System.err, models.size() * runs, quiet);
        List<NetStudy.Outcome> outcomes = study.run(pool, checkpoint.open(spec), models, runs, seed, progress::step);

        String reading = reading(outcomes);
        String summaryJson = summaryJson(outcomes);
        writeFiles(outcomes, reading, summaryJson);
        if (json) {
            System.out.print(summaryJson);
        } else {
            System.out.println(title());
            System.out.println(String.format(Locale.ROOT, "%d epochs, %d run%s per model, kernels: %s", epochs, runs,
                    runs == 1 ? "" : "s", KernelProvider.get().name()));
            System.out.println();
            System.out.println(table(outcomes));
            System.out.println(reading);
            System.out.println();
            System.out.println("Plots, data and report: " + out.resolve(name() + "-report.html"));
        }
        System.out.flush();
        return 0;
    }

    private String table(List<NetStudy.Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        String metric = metricLabel();
        sb.append(String.format(Locale.ROOT, "%-46s %-22s %-36s %s%n", "model", "train " + metric,
                "test " + metric + (runs > 1 ? " (95% interval)" : ""), "s/run"));
        for (NetStudy.Outcome o : outcomes) {
            sb.append(String.format(Locale.ROOT, "%-46s %-22s %-36s %.2f%n", o.model().description(),
                    Tables.stat(o.train(metric()), false), Tables.stat(o.test(metric()), runs > 1),
                    o.secondsPerRun()));
        }
        return sb.toString();
    }

    /**
     * Each noise model against the model without noise (the first), on the test metric, in
     * words; with several runs, whether the 95% intervals overlap.
     */
    private String reading(List<NetStudy.Outcome> outcomes) {
        var a = outcomes.get(0).test(metric());
        boolean lowerIsBetter = metric().equals("loss");
        StringBuilder text = new StringBuilder();
        for (NetStudy.Outcome noise : outcomes.subList(1, outcomes.size())) {
            var b = noise.test(metric());
            double gain = lowerIsBetter ? a.mean() - b.mean() : b.mean() - a.mean();
            String verdict = Math.abs(gain) < 0.005 * Math.max(1, Math.abs(a.mean())) ? "about the same as"
                    : gain > 0 ? "better than" : "worse than";
            text.append(String.format(Locale.ROOT, "With %s, the test %s is %.3f, %s without noise (%.3f).",
                    noise.model().description(), metricLabel(), b.mean(), verdict, a.mean()));
            if (runs > 1) {
                boolean separated = b.ciLow() > a.ciHigh() || b.ciHigh() < a.ciLow();
                text.append(separated ? " The 95% intervals do not overlap: the difference is larger than the run-to-run"
                        + " spread." : " The 95% intervals overlap: with " + runs + " runs the difference is within the"
                        + " run-to-run spread.");
            }
            text.append(' ');
        }
        if (runs == 1) {
            text.append("One run only: run with --runs 10 or more to see the spread. ");
        }
        return text.append("Try --stddev to see how the amount of noise matters.").toString();
    }

    private void writeFiles(List<NetStudy.Outcome> outcomes, String reading, String summaryJson) throws IOException {
        Files.createDirectories(out);
        List<JFreeChart> charts = new ArrayList<>();
        for (NetStudy.Outcome o : outcomes) {
            List<History> histories = o.runs().stream().map(NetStudy.Run::history).toList();
            charts.add(metric().equals("accuracy") ? Charts.curves(o.model().description(), histories)
                    : Charts.lossCurves(o.model().description(), histories, metricLabel()));
        }
        int columns = charts.size();
        if (plotsLossToo()) {
            for (NetStudy.Outcome o : outcomes) {
                charts.add(Charts.lossCurves(o.model().description(),
                        o.runs().stream().map(NetStudy.Run::history).toList(), "loss"));
            }
        }
        Charts.sheet(charts, columns, 640, 420, out.resolve(name() + "-curves.png"));
        ResultFiles.write(out.resolve(name() + "-history.csv"), historyCsv(outcomes));
        ResultFiles.write(out.resolve(name() + "-summary.csv"), summaryCsv(outcomes));
        ResultFiles.write(out.resolve(name() + "-summary.json"), summaryJson);

        HtmlReport report = new HtmlReport(title());
        report.paragraph(String.format(Locale.ROOT, "%d epochs, %d run(s) per model, base seed %d, kernels: %s.",
                epochs, runs, seed, KernelProvider.get().name()));
        List<List<String>> rows = new ArrayList<>();
        for (NetStudy.Outcome o : outcomes) {
            rows.add(List.of(o.model().description(), Tables.stat(o.train(metric()), false),
                    Tables.stat(o.test(metric()), runs > 1), String.format(Locale.ROOT, "%.2f", o.secondsPerRun())));
        }
        report.heading("Results").table(List.of("model", "train " + metricLabel(),
                "test " + metricLabel() + (runs > 1 ? " (95% interval)" : ""), "seconds per run"), rows);
        report.paragraph(reading);
        report.figure(name() + "-curves.png", "Train and test " + metricLabel() + " per epoch, without and with noise.");
        writeOwnFiles(outcomes, report);
        report.heading("Data");
        report.link(name() + "-summary.csv", name() + "-summary.csv: one row per model");
        report.link(name() + "-summary.json", name() + "-summary.json: every run, with its seed");
        report.link(name() + "-history.csv", name() + "-history.csv: every epoch of every run, with its seed");
        ResultFiles.write(out.resolve(name() + "-report.html"), report.render());
    }

    private static String historyCsv(List<NetStudy.Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        List<String> keys = null;
        for (NetStudy.Outcome o : outcomes) {
            for (NetStudy.Run run : o.runs()) {
                History h = run.history();
                if (keys == null) {
                    keys = new ArrayList<>(h.keys());
                    sb.append("model,run,seed,epoch,").append(String.join(",", keys)).append('\n');
                }
                int epochs = h.get(keys.get(0)).length;
                for (int e = 0; e < epochs; e++) {
                    sb.append(o.model().id()).append(',').append(run.index()).append(',').append(run.seed())
                            .append(',').append(e + 1);
                    for (String k : keys) {
                        sb.append(',').append(h.get(k)[e]);
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    private String summaryJson(List<NetStudy.Outcome> outcomes) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("command", name()).field("title", title()).field("epochs", epochs).field("runs", runs)
                .field("seed", seed).field("kernels", KernelProvider.get().name()).field("metric", metric());
        w.name("results").beginArray();
        for (NetStudy.Outcome o : outcomes) {
            w.beginObject().field("id", o.model().id()).field("description", o.model().description());
            var test = o.test(metric());
            w.field("train_" + metric() + "_mean", o.train(metric()).mean()).field("test_" + metric() + "_mean", test.mean())
                    .field("test_" + metric() + "_std", test.std()).field("test_ci_low", test.ciLow())
                    .field("test_ci_high", test.ciHigh()).field("seconds_per_run", o.secondsPerRun());
            w.name("runs").beginArray();
            for (NetStudy.Run r : o.runs()) {
                w.beginObject().field("index", r.index()).field("seed", r.seed()).field("train_loss", r.train().loss())
                        .field("test_loss", r.test().loss());
                if (!metric().equals("loss")) {
                    w.field("train_" + metric(), r.train().get(metric())).field("test_" + metric(), r.test().get(metric()));
                }
                w.field("seconds", r.seconds()).endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString() + "\n";
    }

    private String summaryCsv(List<NetStudy.Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("model,description,runs,train_" + metric() + "_mean,train_" + metric()
                + "_std,test_" + metric() + "_mean,test_" + metric() + "_std,test_ci_low,test_ci_high,seconds_per_run\n");
        for (NetStudy.Outcome o : outcomes) {
            var train = o.train(metric());
            var test = o.test(metric());
            sb.append(o.model().id()).append(",\"").append(o.model().description()).append("\",").append(runs)
                    .append(',').append(train.mean()).append(',').append(train.std()).append(',').append(test.mean())
                    .append(',').append(test.std()).append(',').append(test.ciLow()).append(',').append(test.ciHigh())
                    .append(',').append(o.secondsPerRun()).append('\n');
        }
        return sb.toString();
    }
}
