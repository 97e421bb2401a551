package dev.vecgrad.study.report;

import dev.vecgrad.layers.models.History;
import dev.vecgrad.study.Outcome;
import dev.vecgrad.study.RunResult;
import dev.vecgrad.study.Statistics;
import dev.vecgrad.study.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The study's data files: per-variant histories as CSV, and the summary as CSV and JSON. */
public final class ResultFiles {

    private ResultFiles() {
    }

    /**
     * {@code epoch} then, for each History key, its mean and standard deviation over the runs
     * ({@code loss_mean,loss_std,accuracy_mean,...}).
     */
    public static String historyCsv(List<RunResult> runs) {
        History first = runs.get(0).history();
        List<String> keys = List.copyOf(first.keys());
        StringBuilder sb = new StringBuilder("epoch");
        for (String key : keys) {
            sb.append(',').append(key).append("_mean,").append(key).append("_std");
        }
        sb.append('\n');
        int epochs = Integer.MAX_VALUE;
        for (RunResult r : runs) {
            epochs = Math.min(epochs, r.history().epochs());
        }
        double[][][] values = new double[keys.size()][runs.size()][];
        for (int k = 0; k < keys.size(); k++) {
            for (int r = 0; r < runs.size(); r++) {
                values[k][r] = runs.get(r).history().get(keys.get(k));
            }
        }
        for (int e = 0; e < epochs; e++) {
            sb.append(e + 1);
            for (int k = 0; k < keys.size(); k++) {
                double[] at = new double[runs.size()];
                for (int r = 0; r < runs.size(); r++) {
                    at[r] = values[k][r][e];
                }
                Statistics s = Statistics.of(at);
                sb.append(',').append(number(s.mean())).append(',').append(number(s.std()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static final String SUMMARY_HEADER = "id,description,runs,train_mean,train_std,test_mean,test_std,"
            + "test_ci_low,test_ci_high,tutorial_train,tutorial_test,seconds_per_run";

    /** One row per outcome; the tutorial's numbers where it has them. */
    public static String summaryCsv(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder(SUMMARY_HEADER).append('\n');
        for (Outcome o : outcomes) {
            double[] tutorial = tutorial(o.id());
            sb.append(o.id()).append(',').append('"').append(o.description().replace("\"", "'")).append('"')
                    .append(',').append(o.runs().size())
                    .append(',').append(number(o.train().mean())).append(',').append(number(o.train().std()))
                    .append(',').append(number(o.test().mean())).append(',').append(number(o.test().std()))
                    .append(',').append(number(o.test().ciLow())).append(',').append(number(o.test().ciHigh()))
                    .append(',').append(number(tutorial[0])).append(',').append(number(tutorial[1]))
                    .append(',').append(number(o.secondsPerRun())).append('\n');
        }
        return sb.toString();
    }

    private static double[] tutorial(String id) {
        for (Variant v : Variant.values()) {
            if (v.id().equals(id)) {
                return new double[] {v.tutorialTrain(), v.tutorialTest()};
            }
        }
        return new double[] {Double.NaN, Double.NaN};
    }

    /**
     * The study as one JSON document: the settings, then per configuration the statistics and,
     * per run, its seed, final accuracies and losses and wall seconds.
     */
    public static String json(String command, int epochs, long seed, String kernels, String dataSource,
                              List<Outcome> outcomes, String bestId) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("command", command).field("epochs", epochs).field("seed", seed).field("kernels", kernels)
                .field("data", dataSource);
        if (bestId != null) {
            w.field("best", bestId);
        }
        w.name("results").beginArray();
        for (Outcome o : outcomes) {
            double[] tutorial = tutorial(o.id());
            w.beginObject().field("id", o.id()).field("description", o.description());
            if (!Double.isNaN(tutorial[0])) {
                w.name("tutorial").beginObject().field("train_accuracy", tutorial[0])
                        .field("test_accuracy", tutorial[1]).endObject();
            }
            statistics(w.name("train_accuracy"), o.train());
            statistics(w.name("test_accuracy"), o.test());
            w.field("seconds_per_run", o.secondsPerRun());
            w.name("runs").beginArray();
            for (RunResult r : o.runs()) {
                w.beginObject().field("index", r.index()).field("seed", r.seed())
                        .field("train_accuracy", r.trainAccuracy()).field("test_accuracy", r.testAccuracy())
                        .field("train_loss", r.trainLoss()).field("test_loss", r.testLoss())
                        .field("epochs", r.history().epochs()).field("seconds", r.seconds()).endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString() + "\n";
    }

    private static void statistics(JsonWriter w, Statistics s) {
        w.beginObject().field("mean", s.mean()).field("std", s.std()).field("ci95_low", s.ciLow())
                .field("ci95_high", s.ciHigh()).endObject();
    }

    /**
     * {@code v} with six decimals, empty for NaN. The history files hold a few hundred thousand
     * of these, and {@code String.format} spent a third of a second of a cold default study on
     * them: this rounds {@code v * 1e6} to the nearest long (half up) and writes its digits,
     * which is {@code %.6f} but for values within a rounding error of a tie (51 in 2 million
     * random values differed in the last digit) and no minus sign on a value that rounds to 0.
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        double scaled = Math.abs(v) * 1e6;
        if (!(scaled < 1e15)) {
            return String.format(Locale.ROOT, "%.6f", v);      // too large for a long's exact digits
        }
        long units = Math.round(scaled);
        String fraction = Long.toString(1_000_000 + units % 1_000_000).substring(1);
        return (v < 0 && units != 0 ? "-" : "") + units / 1_000_000 + "." + fraction;
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
