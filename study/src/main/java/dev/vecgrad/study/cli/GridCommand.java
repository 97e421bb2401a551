package dev.vecgrad.study.cli;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.NoisePlacement;
import dev.vecgrad.study.Outcome;
import dev.vecgrad.study.RunPool;
import dev.vecgrad.study.RunResult;
import dev.vecgrad.study.StudyRunner;
import dev.vecgrad.study.plots.Charts;
import dev.vecgrad.study.report.HtmlReport;
import dev.vecgrad.study.report.ResultFiles;
import dev.vecgrad.study.report.Tables;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code grid}: the tutorial's second extension, a search over the noise's standard deviation. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = "Test accuracy for a list of noise standard deviations at one place in the model.")
final class GridCommand implements StudyCommand {

    @Option(names = "--where", description = "Where the noise goes: input, pre (before the ReLU) or post"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "pre")
    String where;

    @Option(names = "--stddev", split = ",", description = "Standard deviations to try"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "0,0.005,0.01,0.02,0.05,0.1,0.2,0.3,0.5")
    List<Double> stddevs;

    @Mixin
    StudyOptions options = new StudyOptions();

    @Mixin
    CheckpointOptions checkpoint = new CheckpointOptions();

    @Override
    public void runOn(RunPool.Factory pools) {
        options.runOn(pools);
    }

    @Override
    public Integer call() throws IOException {
        options.validate();
        Studies.announceKernels();
        NoisePlacement placement;
        try {
            placement = NoisePlacement.of(where);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(options.spec.commandLine(), "--where: " + e.getMessage());
        }
        for (double s : stddevs) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new ParameterException(options.spec.commandLine(), "--stddev values must be finite and >= 0, got " + s);
            }
        }
        CaseStudyData data = options.data();
        StudyRunner runner = new StudyRunner(data, options.epochs);
        List<StudyRunner.Job> jobs = new ArrayList<>();
        for (double s : stddevs) {
            jobs.add(new StudyRunner.Job(label(s), seed -> placement.build(s, seed, data.features()),
                    options.runs));
        }
        ProgressBar progress = new ProgressBar(System.err, stddevs.size() * options.runs, options.quiet);
        List<List<RunResult>> results = runner.run(options.runPool(), checkpoint.open(options.spec), jobs, options.seed, false,
                progress::step);
        List<Outcome> points = new ArrayList<>();
        for (int i = 0; i < stddevs.size(); i++) {
            points.add(Outcome.of(label(stddevs.get(i)), placement.description() + ", stddev " + label(stddevs.get(i)),
                    results.get(i)));
        }
        Outcome best = points.get(0);
        for (Outcome p : points) {
            if (p.test().mean() > best.test().mean()) {
                best = p;
            }
        }
        String json = ResultFiles.json("grid --where " + placement.id(), options.epochs, options.seed,
                KernelProvider.get().name(), data.source(), points, best.id());
        writeFiles(data, placement, points, best.id(), json);
        if (options.json) {
            System.out.print(json);
        } else {
            System.out.println(Tables.grid(placement.description(), points, best.id(), options.epochs));
            for (String line : HtmlReport.gridReading(points, best.id(), placement.description())) {
                System.out.println(line);
            }
            System.out.println();
            System.out.println("Plot, data and report: " + options.out.resolve("report.html"));
        }
        System.out.flush();
        return 0;
    }

    /** A stddev as written on the command line: 0.005, not 0.0050 or 5.0E-3. */
    static String label(double stddev) {
        return new BigDecimal(Double.toString(stddev)).stripTrailingZeros().toPlainString();
    }

    private void writeFiles(CaseStudyData data, NoisePlacement placement, List<Outcome> points, String bestId,
                            String json) throws IOException {
        Path out = options.out;
        Files.createDirectories(out);
        double[] x = new double[points.size()];
        double[] mean = new double[points.size()];
        double[] low = new double[points.size()];
        double[] high = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = stddevs.get(i);
            mean[i] = points.get(i).test().mean();
            low[i] = points.get(i).test().ciLow();
            high[i] = points.get(i).test().ciHigh();
        }
        Charts.save(Charts.grid("Test accuracy against the noise, " + placement.description(), x, mean, low, high),
                out.resolve("grid.png"), 900, 520);
        if (data.isPlanar()) {
            Charts.save(Charts.data(data.all(), data.source()), out.resolve("circles.png"), 700, 600);
        }
        ResultFiles.write(out.resolve("summary.csv"), ResultFiles.summaryCsv(points));
        ResultFiles.write(out.resolve("summary.json"), json);
        HtmlReport report = new HtmlReport("Grid search over the noise stddev: " + placement.description());
        report.paragraph(String.format(Locale.ROOT, "The tutorial's model with %s, trained on the first %d"
                + " rows of %s and tested on the other %d, for %d epochs, %d run(s) per standard deviation, base seed"
                + " %d.", placement.description(), CaseStudyData.TRAIN, data.source(), data.testCount(), options.epochs,
                options.runs, options.seed));
        report.heading("Results").gridTable(points, bestId);
        for (String line : HtmlReport.gridReading(points, bestId, placement.description())) {
            report.paragraph(line);
        }
        report.figure("grid.png", "Mean test accuracy and its 95% interval for each standard deviation.");
        if (data.isPlanar()) {
            report.heading("The data").figure("circles.png", "The data: the first 30 points train, the rest test.");
        }
        report.link("summary.csv", "summary.csv: one row per standard deviation");
        report.link("summary.json", "summary.json: every run, with its seed");
        ResultFiles.write(out.resolve("report.html"), report.render());
    }
}
