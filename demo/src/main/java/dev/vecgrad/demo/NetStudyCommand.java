package dev.vecgrad.demo;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.demo.nets.NetStudy;
import dev.vecgrad.demo.plots.Charts;
import dev.vecgrad.demo.report.ResultFiles;
import dev.vecgrad.demo.report.Tables;
import dev.vecgrad.layers.models.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the {@code cnn} and {@code lstm} studies share: train a model with and without the
 * tutorial's noise layer over several runs, print train and test figures, and write the curves
 * ({@code <name>-curves.png}), every epoch of every run ({@code <name>-history.csv}) and the
 * summary ({@code <name>-summary.csv}).
 */
abstract class NetStudyCommand implements Callable<Integer> {

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

    /** The study's short name: the prefix of its files. */
    abstract String name();

    /** One line saying what the data and models are. */
    abstract String title();

    abstract int epochs();

    abstract int batchSize();

    abstract NetStudy.Split data();

    /** The model without noise first, then with it. */
    abstract List<NetStudy.Model> models();

    /** The metric the table and plots report: {@code "accuracy"} or {@code "loss"}. */
    abstract String metric();

    /** How {@link #metric()} is named in the table and on the plot's axis. */
    abstract String metricLabel();

    /** Checks the subcommand's own options (throw {@link #bad}). */
    abstract void validateOwn();

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws IOException {
        if (runs < 1) {
            throw bad("--runs must be at least 1, got " + runs);
        }
        if (epochs() < 1) {
            throw bad("--epochs must be at least 1, got " + epochs());
        }
        if (threads != null && threads < 1) {
            throw bad("--threads must be at least 1, got " + threads);
        }
        validateOwn();
        List<NetStudy.Model> models = models();
        NetStudy study = new NetStudy(data(), epochs(), batchSize(),
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        ProgressBar progress = new ProgressBar(System.err, models.size() * runs, quiet);
        List<NetStudy.Outcome> outcomes = study.run(models, runs, seed, progress::step);

        System.out.println(title());
        System.out.println(String.format(Locale.ROOT, "%d epochs, %d run%s per model, kernels: %s", epochs(), runs,
                runs == 1 ? "" : "s", KernelProvider.get().name()));
        System.out.println();
        System.out.println(table(outcomes));
        writeFiles(outcomes);
        System.out.println("Plots and data: " + out.resolve(name() + "-curves.png") + ", " + name()
                + "-history.csv, " + name() + "-summary.csv");
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

    private void writeFiles(List<NetStudy.Outcome> outcomes) throws IOException {
        Files.createDirectories(out);
        List<JFreeChart> charts = new ArrayList<>();
        for (NetStudy.Outcome o : outcomes) {
            List<History> histories = o.runs().stream().map(NetStudy.Run::history).toList();
            charts.add(metric().equals("accuracy") ? Charts.curves(o.model().description(), histories)
                    : Charts.lossCurves(o.model().description(), histories, metricLabel()));
        }
        Charts.sheet(charts, charts.size(), 640, 420, out.resolve(name() + "-curves.png"));
        ResultFiles.write(out.resolve(name() + "-history.csv"), historyCsv(outcomes));
        ResultFiles.write(out.resolve(name() + "-summary.csv"), summaryCsv(outcomes));
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
