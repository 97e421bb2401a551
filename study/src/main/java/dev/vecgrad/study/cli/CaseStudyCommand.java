package dev.vecgrad.study.cli;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.Outcome;
import dev.vecgrad.study.RunPool;
import dev.vecgrad.study.RunResult;
import dev.vecgrad.study.StudyRunner;
import dev.vecgrad.study.Variant;
import dev.vecgrad.study.plots.Charts;
import dev.vecgrad.study.report.HtmlReport;
import dev.vecgrad.study.report.ParallelWrites;
import dev.vecgrad.study.report.ResultFiles;
import dev.vecgrad.study.report.Tables;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code case-study}: the tutorial's models, as many runs as asked, with tables, plots and a report. */
@Command(name = "case-study", mixinStandardHelpOptions = true,
        description = "Train the tutorial's models (a: no noise, b: input noise, c: noise before ReLU,"
                + " d: noise after ReLU, e: input and hidden noise) and compare them.")
final class CaseStudyCommand implements StudyCommand {

    /** One variant's accuracy curves: its own file and a cell of the sheet of all variants. */
    private static final int CURVE_WIDTH = 700;
    private static final int CURVE_HEIGHT = 420;

    @Option(names = "--variants", split = ",", description = "Which variants, from a,b,c,d,e (default: a,b,c,d).",
            defaultValue = "a,b,c,d")
    List<String> variants;

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
        List<Variant> chosen = new ArrayList<>();
        for (String id : variants) {
            Variant v = Variant.of(id);
            if (!chosen.contains(v)) {
                chosen.add(v);
            }
        }
        CaseStudyData data = options.data();
        StudyRunner runner = new StudyRunner(data, options.epochs);
        List<StudyRunner.Job> jobs = new ArrayList<>();
        for (Variant v : chosen) {
            jobs.add(new StudyRunner.Job(v.id(), seed -> v.build(seed, data.features()), options.runs));
        }
        ProgressBar progress = new ProgressBar(System.err, chosen.size() * options.runs, options.quiet);
        List<List<RunResult>> results = runner.run(options.runPool(), checkpoint.open(options.spec), jobs, options.seed, data.isPlanar(),
                progress::step);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            outcomes.add(Outcome.of(chosen.get(i).id(), chosen.get(i).description(), results.get(i)));
        }

        String json = ResultFiles.json("case-study", options.epochs, options.seed, KernelProvider.get().name(),
                data.source(), outcomes, null);
        writeFiles(data, outcomes, json);
        if (options.json) {
            System.out.print(json);
        } else {
            System.out.println(Tables.caseStudy(outcomes, options.epochs, data));
            for (String line : HtmlReport.reading(outcomes, data)) {
                System.out.println(line);
            }
            System.out.println();
            System.out.println("Plots, data and report: " + options.out.resolve("report.html"));
        }
        System.out.flush();
        return 0;
    }

    private void writeFiles(CaseStudyData data, List<Outcome> outcomes, String json) throws IOException {
        Path out = options.out;
        Files.createDirectories(out);
        try (ParallelWrites writes = new ParallelWrites(options.threads())) {
            writeFiles(data, outcomes, json, out, writes);
        }
    }

    /** The report is put together here, in order; the files it links go to {@code writes}. */
    private void writeFiles(CaseStudyData data, List<Outcome> outcomes, String json, Path out, ParallelWrites writes)
            throws IOException {
        HtmlReport report = new HtmlReport("Gaussian noise against overfitting: the tutorial's study on vecgrad");
        report.paragraph(String.format(Locale.ROOT, "A multilayer perceptron (Dense 500 ReLU, Dense 1 sigmoid)"
                + " trained with Adam on the first %d rows of %s and tested on the other %d, for %d epochs, %d run(s)"
                + " per variant, base seed %d. The tutorial's own numbers come from single Keras runs on"
                + " make_circles.", CaseStudyData.TRAIN, data.source(), data.testCount(), options.epochs, options.runs,
                options.seed));

        if (data.isPlanar()) {
            writes.add(() -> Charts.save(Charts.data(data.all(), data.source()), out.resolve("circles.png"), 700, 600));
            report.heading("The data").figure("circles.png", "The data: the first 30 points train, the rest test.");
        }

        report.heading("Results").caseStudyTable(outcomes);
        for (String line : HtmlReport.reading(outcomes, data)) {
            report.paragraph(line);
        }

        report.heading("Accuracy while training");
        // Each variant's chart is drawn once, at the sheet's cell size: its own PNG, then a cell of the sheet.
        BufferedImage[] curves = new BufferedImage[outcomes.size()];
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            List<History> histories = new ArrayList<>();
            for (RunResult r : o.runs()) {
                histories.add(r.history());
            }
            JFreeChart chart = Charts.curves("(" + o.id() + ") " + o.description(), histories);
            int cell = i;
            writes.add(() -> {
                curves[cell] = chart.createBufferedImage(CURVE_WIDTH, CURVE_HEIGHT);
                Charts.save(curves[cell], out.resolve("curves-" + o.id() + ".png"));
            });
            writes.add(() -> ResultFiles.write(out.resolve("history-" + o.id() + ".csv"),
                    ResultFiles.historyCsv(o.runs())));
        }
        writes.awaitAll();
        writes.add(() -> Charts.sheet(List.of(curves), 2, out.resolve("curves.png")));
        report.figure("curves.png", "Train and test accuracy per epoch, every variant (the tutorial's line plots).");
        for (Outcome o : outcomes) {
            report.figure("curves-" + o.id() + ".png", "Accuracy per epoch, variant " + o.id() + ": " + o.description());
        }

        if (data.isPlanar()) {
            writeBoundaries(report, data, outcomes, out, writes);
        }

        writes.add(() -> ResultFiles.write(out.resolve("summary.csv"), ResultFiles.summaryCsv(outcomes)));
        writes.add(() -> ResultFiles.write(out.resolve("summary.json"), json));
        report.heading("Data");
        report.link("summary.csv", "summary.csv: one row per variant");
        report.link("summary.json", "summary.json: every run, with its seed");
        for (Outcome o : outcomes) {
            report.link("history-" + o.id() + ".csv", "history-" + o.id() + ".csv: per-epoch loss and accuracy");
        }
        writes.awaitAll();
        ResultFiles.write(out.resolve("report.html"), report.render());
    }

    /** The decision boundary of each variant's first run over the plane (two-feature data only). */
    private static void writeBoundaries(HtmlReport report, CaseStudyData data, List<Outcome> outcomes, Path out,
                                        ParallelWrites writes) throws IOException {
        report.heading("Decision boundaries");
        report.paragraph("The probability of the inner class over the plane, from each variant's first run; filled"
                + " points are the training set, hollow ones the test set. Noise smooths the boundary that the"
                + " noiseless network bends around individual training points.");
        for (Outcome o : outcomes) {
            String file = "boundary-" + o.id() + ".png";
            writes.add(() -> Charts.save(Charts.boundary("(" + o.id() + ") " + o.description(),
                    o.runs().get(0).boundary(), data.all().rows(0, CaseStudyData.TRAIN),
                    data.all().rows(CaseStudyData.TRAIN, data.all().samples())), out.resolve(file), 760, 640));
            report.figure(file, "Decision boundary, variant " + o.id() + ", run 0.");
        }
    }
}
