package dev.vecgrad.study.cli;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.layers.datasets.FashionMnist;
import dev.vecgrad.layers.datasets.ImageData;
import dev.vecgrad.layers.datasets.LabeledImages;
import dev.vecgrad.layers.io.ModelFile;
import dev.vecgrad.layers.io.ModelFileException;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.layers.robustness.ValueRange;
import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.LocalRunPool;
import dev.vecgrad.study.RobustnessStudy.Attack;
import dev.vecgrad.study.RobustnessStudy.Candidate;
import dev.vecgrad.study.RobustnessStudy.Outcome;
import dev.vecgrad.study.RobustnessStudy.Settings;
import dev.vecgrad.study.RobustnessStudy;
import dev.vecgrad.study.RunPool;
import dev.vecgrad.study.Statistics;
import dev.vecgrad.study.Variant;
import dev.vecgrad.study.nets.TutorialNets.NoiseAt;
import dev.vecgrad.study.nets.TutorialNets;
import dev.vecgrad.study.plots.Charts;
import dev.vecgrad.study.report.HtmlReport;
import dev.vecgrad.study.report.JsonWriter;
import dev.vecgrad.study.report.ResultFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code robustness}: does a model trained with noise hold up better when its test inputs are
 * noisy or attacked? Trains the tutorial's MLP variants (or the Fashion-MNIST CNN with and
 * without noise, or takes saved models), then measures test accuracy under Gaussian noise, FGSM
 * and PGD at each strength, over repeated runs, and writes a table, a reading, plots, CSV,
 * JSON and a report page.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Accuracy under test-time Gaussian noise and adversarial attacks (FGSM, PGD) for models trained"
                + " with and without noise.")
final class RobustnessCommand implements StudyCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--study", description = "mlp (the tutorial's variants on make_circles) or fashion (the tutorial's"
            + " CNN on Fashion-MNIST) (default: ${DEFAULT-VALUE}).", defaultValue = "mlp")
    String study;

    @Option(names = "--variants", split = ",", description = "MLP variants, from a,b,c,d,e (default: ${DEFAULT-VALUE}).",
            defaultValue = "a,b,c,d,e")
    List<String> variants;

    @Option(names = "--model", arity = "1..*", paramLabel = "FILE",
            description = "Saved models (Sequential.save) to measure as they are, instead of training.")
    List<Path> models;

    @Option(names = "--runs", description = "Runs per trained model (default: 10 for mlp, 3 for fashion).")
    Integer runs;

    @Option(names = "--epochs", description = "Epochs per run (default: 4000 for mlp, the tutorial's; 5 for fashion).")
    Integer epochs;

    @Option(names = "--sigmas", split = ",", description = "Stddevs of the test-time Gaussian noise"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "0,0.05,0.1,0.2,0.3")
    double[] sigmas;

    @Option(names = "--eps", split = ",", description = "FGSM and PGD strengths, L-infinity"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "0,0.01,0.02,0.05,0.1")
    double[] epsilons;

    @Option(names = "--pgd-steps", description = "PGD steps, each of 2.5 eps / steps (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int pgdSteps;

    @Option(names = "--draws", description = "Noise draws per sigma, accuracy averaged (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int draws;

    @Option(names = "--seed", description = "Base seed of the runs and draws (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--threads", description = "Runs measured at once (default: all cores).")
    Integer threads;

    @Option(names = "--out", description = "Folder for plots, data and the report (default: ${DEFAULT-VALUE}).",
            defaultValue = "vecgrad-results")
    Path out;

    @Option(names = "--data", paramLabel = "FILE", description = "mlp: a CSV (columns x0,...,xn,y) instead of"
            + " make_circles; the first 30 rows train, the rest test.")
    Path data;

    @Option(names = "--data-dir", description = "fashion: the folder with the four Fashion-MNIST IDX files"
            + " (default: ${DEFAULT-VALUE}).")
    Path dataDir = FashionMnist.DEBIAN_DIR;

    @Option(names = "--train", description = "fashion: training images (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    int train;

    @Option(names = "--test", description = "fashion: test images attacked (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    int test;

    @Option(names = "--stddev", description = "fashion: the GaussianNoise layer's stddev (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.1")
    double stddev;

    @Option(names = "--json", description = "Print the JSON document on standard output instead of the tables.")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    CheckpointOptions checkpoint = new CheckpointOptions();

    private RunPool.Factory pools = LocalRunPool::new;

    @Override
    public void runOn(RunPool.Factory pools) {
        this.pools = pools;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws IOException {
        boolean mlp = switch (study) {
            case "mlp" -> true;
            case "fashion" -> false;
            default -> throw bad("--study must be mlp or fashion, got '" + study + "'");
        };
        int runCount = runs != null ? runs : mlp ? 10 : 3;
        int epochCount = epochs != null ? epochs : mlp ? 4000 : 5;
        validate(runCount, epochCount);
        Studies.announceKernels();
        RobustnessStudy.Data split = mlp ? mlpData() : fashionData();
        Settings settings = new Settings(sigmas, epsilons, draws, pgdSteps, mlp ? ValueRange.UNBOUNDED : ValueRange.UNIT);
        List<Candidate> candidates = models != null ? savedModels() : mlp ? mlpVariants(split) : fashionModels();
        RobustnessStudy robustness = new RobustnessStudy(split, epochCount, 32, settings);
        RunPool pool = pools.create(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        int total = 0;
        for (Candidate c : candidates) {
            total += c.train() ? runCount : 1;
        }
        ProgressBar progress = new ProgressBar(System.err, total, quiet);
        List<Outcome> outcomes = robustness.run(pool, checkpoint.open(spec), candidates, runCount, seed,
                progress::step);

        String title = title(mlp, split, epochCount, runCount);
        List<String> reading = RobustnessStudy.reading(outcomes, settings);
        String summaryJson = json(outcomes, settings, epochCount, mlp);
        writeFiles(outcomes, settings, title, reading, summaryJson);
        if (json) {
            System.out.print(summaryJson);
        } else {
            System.out.println(title);
            System.out.println();
            for (Attack attack : Attack.values()) {
                System.out.println(table(outcomes, settings, attack));
            }
            for (String line : reading) {
                System.out.println(line);
            }
            System.out.println();
            System.out.println("Plots, data and report: " + out.resolve(prefix() + "report.html"));
        }
        System.out.flush();
        return 0;
    }

    private void validate(int runCount, int epochCount) {
        if (runCount < 1 || epochCount < 1) {
            throw bad("--runs and --epochs must be at least 1, got " + runCount + " and " + epochCount);
        }
        checkLevels("--sigmas", sigmas);
        checkLevels("--eps", epsilons);
        if (pgdSteps < 1) {
            throw bad("--pgd-steps must be at least 1, got " + pgdSteps);
        }
        if (draws < 1) {
            throw bad("--draws must be at least 1, got " + draws);
        }
        if (threads != null && threads < 1) {
            throw bad("--threads must be at least 1, got " + threads);
        }
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw bad("--stddev must be finite and >= 0, got " + stddev);
        }
        if (train < 1 || test < 1) {
            throw bad("--train and --test must be at least 1, got " + train + " and " + test);
        }
    }

    private void checkLevels(String option, double[] levels) {
        if (levels.length == 0) {
            throw bad(option + " needs at least one value");
        }
        for (double v : levels) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw bad(option + " values must be finite and >= 0, got " + v);
            }
        }
    }

    // ---------------------------------------------------------------- data and models

    private RobustnessStudy.Data mlpData() throws IOException {
        CaseStudyData d = StudyOptions.caseStudyData(data, this::bad);
        return new RobustnessStudy.Data(d.trainX(), d.trainY(), d.testX(), d.testY());
    }

    private RobustnessStudy.Data fashionData() {
        ImageData images = FashionCommand.load(dataDir, train, test, this::bad);
        LabeledImages trainSet = images.train().first(train);
        LabeledImages testSet = images.test().first(test);
        return new RobustnessStudy.Data(trainSet.images(), trainSet.labelColumn(), testSet.images(),
                testSet.labelColumn());
    }

    private List<Candidate> mlpVariants(RobustnessStudy.Data split) {
        int features = split.trainX().dim(1);
        List<Candidate> list = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String id : variants) {
            Variant v;
            try {
                v = Variant.of(id);
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            if (!seen.contains(v.id())) {
                seen.add(v.id());
                list.add(new Candidate(v.id(), v.description(), s -> v.build(s, features), true));
            }
        }
        return list;
    }

    private List<Candidate> fashionModels() {
        // Locals, not the fields: a recipe that read a field would capture the command, which cannot travel.
        double noise = stddev;
        return List.of(
                new Candidate("none", "no noise", s -> TutorialNets.fashionCnn(s, 0, NoiseAt.NONE), true),
                new Candidate("pooling", "GaussianNoise(" + stddev + ") after MaxPooling2D",
                        s -> TutorialNets.fashionCnn(s, noise, NoiseAt.AFTER_POOLING), true),
                new Candidate("input", "GaussianNoise(" + stddev + ") on the input",
                        s -> TutorialNets.fashionCnn(s, noise, NoiseAt.INPUT), true));
    }

    /**
     * Each file loaded here, so a bad one is a clear error before any work. The run rebuilds the
     * model from the file's bytes, which travel with it (to another JVM too), not from the path.
     */
    private List<Candidate> savedModels() throws IOException {
        List<Candidate> list = new ArrayList<>();
        for (Path file : models) {
            String name = file.getFileName().toString();
            byte[] bytes;
            Sequential model;
            try {
                bytes = Files.readAllBytes(file);
                model = ModelFile.decode(bytes, file.toString());
            } catch (NoSuchFileException e) {
                throw bad("--model " + file + ": no such file");
            } catch (ModelFileException e) {
                throw bad("--model " + file + ": " + e.getMessage());
            }
            if (!model.metricNames().contains("accuracy")) {
                throw bad("--model " + file + ": robustness is measured as accuracy, but this model was saved without"
                        + " the metric \"accuracy\" (it has " + model.metricNames() + ")");
            }
            list.add(new Candidate(name, "saved model " + name, s -> decode(bytes, name), false));
        }
        return list;
    }

    private static Sequential decode(byte[] modelFile, String name) {
        try {
            return ModelFile.decode(modelFile, name);
        } catch (ModelFileException e) {
            throw new IllegalStateException("--model " + name + " loaded before, but not now: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- output

    private String prefix() {
        return "robustness-" + study + "-";
    }

    private String title(boolean mlp, RobustnessStudy.Data split, int epochCount, int runCount) {
        String what = mlp ? "the tutorial's MLP variants" : "the tutorial's CNN on Fashion-MNIST";
        if (models != null) {
            what = models.size() + " saved model(s)";
        }
        return String.format(Locale.ROOT, "Robustness of %s: test accuracy on %d test samples under Gaussian noise"
                        + " (%d draw%s per sigma), FGSM and PGD (%d step%s)%s", what, split.testX().dim(0), draws,
                draws == 1 ? "" : "s", pgdSteps, pgdSteps == 1 ? "" : "s",
                models != null ? "" : String.format(Locale.ROOT, "; %d epochs, %d run(s) per model, seed %d",
                        epochCount, runCount, seed));
    }

    /** One attack's table: a row per model, a column per strength, mean +- the 95% interval's half-width. */
    static String table(List<Outcome> outcomes, Settings settings, Attack attack) {
        double[] levels = settings.levels(attack);
        StringBuilder sb = new StringBuilder();
        sb.append(attack.title()).append(" (test accuracy; with several runs, mean +- 95% interval half-width)\n");
        sb.append(String.format(Locale.ROOT, "%-48s", "model"));
        for (double level : levels) {
            sb.append(String.format(Locale.ROOT, "%16s", attack.level() + " " + RobustnessStudy.fmt(level)));
        }
        sb.append('\n');
        for (Outcome o : outcomes) {
            String name = o.candidate().id() + "  " + o.candidate().description();
            sb.append(String.format(Locale.ROOT, "%-48s", name.length() > 47 ? name.substring(0, 47) : name));
            for (int i = 0; i < levels.length; i++) {
                Statistics s = o.at(attack, i);
                sb.append(String.format(Locale.ROOT, "%16s", s.n() > 1
                        ? String.format(Locale.ROOT, "%.3f +- %.3f", s.mean(), (s.ciHigh() - s.ciLow()) / 2)
                        : String.format(Locale.ROOT, "%.3f", s.mean())));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private String json(List<Outcome> outcomes, Settings settings, int epochCount, boolean mlp) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("command", "robustness").field("study", study).field("epochs", epochCount).field("seed", seed)
                .field("kernels", KernelProvider.get().name()).field("draws", draws).field("pgd_steps", pgdSteps)
                .field("value_range", mlp ? "unbounded" : "[0, 1]");
        w.name("sigmas").beginArray();
        for (double s : settings.sigmas()) {
            w.value(s);
        }
        w.endArray().name("epsilons").beginArray();
        for (double e : settings.epsilons()) {
            w.value(e);
        }
        w.endArray().name("models").beginArray();
        for (Outcome o : outcomes) {
            w.beginObject().field("id", o.candidate().id()).field("description", o.candidate().description());
            w.name("runs").beginArray();
            for (RobustnessStudy.Run r : o.runs()) {
                w.beginObject().field("run", r.index()).field("seed", r.seed()).field("seconds", r.seconds());
                for (Attack attack : Attack.values()) {
                    w.name(attack.id()).beginArray();
                    for (double a : r.accuracy()[attack.ordinal()]) {
                        w.value(a);
                    }
                    w.endArray();
                }
                w.endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString();
    }

    private static String summaryCsv(List<Outcome> outcomes, Settings settings) {
        StringBuilder sb = new StringBuilder("attack,level,model,description,runs,mean,std,ci_low,ci_high\n");
        for (Attack attack : Attack.values()) {
            double[] levels = settings.levels(attack);
            for (Outcome o : outcomes) {
                for (int i = 0; i < levels.length; i++) {
                    Statistics s = o.at(attack, i);
                    sb.append(String.format(Locale.ROOT, "%s,%s,%s,\"%s\",%d,%.6f,%.6f,%.6f,%.6f%n", attack.id(),
                            RobustnessStudy.fmt(levels[i]), o.candidate().id(), o.candidate().description(), s.n(),
                            s.mean(), s.std(), s.ciLow(), s.ciHigh()));
                }
            }
        }
        return sb.toString();
    }

    private void writeFiles(List<Outcome> outcomes, Settings settings, String title, List<String> reading,
                            String summaryJson) throws IOException {
        Files.createDirectories(out);
        String p = prefix();
        HtmlReport report = new HtmlReport("Robustness: accuracy under test-time noise and adversarial attacks");
        report.paragraph(title + ". Noise layers are off when the attacks take their gradients and when accuracy is"
                + " measured: the model under test is the one a user deploys. FGSM: one step of eps along the sign of"
                + " the loss's input gradient (Goodfellow et al., 2015); PGD: a random start in the eps-ball, then"
                + " steps of 2.5 eps / steps, each projected back into the ball (Madry et al., 2018)"
                + (settings.range().equals(ValueRange.UNIT) ? "; every input clipped to [0, 1]." : "."));
        report.heading("Reading");
        for (String line : reading) {
            report.paragraph(line);
        }
        List<JFreeChart> charts = new ArrayList<>();
        for (Attack attack : Attack.values()) {
            double[] levels = settings.levels(attack);
            List<String> names = new ArrayList<>();
            double[][] means = new double[outcomes.size()][levels.length];
            double[][] low = new double[outcomes.size()][levels.length];
            double[][] high = new double[outcomes.size()][levels.length];
            List<List<String>> rows = new ArrayList<>();
            for (int m = 0; m < outcomes.size(); m++) {
                Outcome o = outcomes.get(m);
                names.add(o.candidate().id() + ": " + o.candidate().description());
                List<String> row = new ArrayList<>(List.of(o.candidate().id(), o.candidate().description()));
                for (int i = 0; i < levels.length; i++) {
                    Statistics s = o.at(attack, i);
                    means[m][i] = s.mean();
                    low[m][i] = s.ciLow();
                    high[m][i] = s.ciHigh();
                    row.add(s.n() > 1 ? String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", s.mean(), s.ciLow(), s.ciHigh())
                            : String.format(Locale.ROOT, "%.3f", s.mean()));
                }
                rows.add(row);
            }
            JFreeChart chart = Charts.robustness(attack.title() + (outcomes.get(0).runs().size() > 1
                    ? " (mean, band: 95% interval)" : ""), attack.level(), levels, names, means, low, high);
            charts.add(chart);
            String file = p + attack.id() + ".png";
            Charts.save(chart, out.resolve(file), 800, 500);
            List<String> header = new ArrayList<>(List.of("model", "description"));
            for (double level : levels) {
                header.add(attack.level() + " " + RobustnessStudy.fmt(level));
            }
            report.heading(attack.title()).figure(file, "Test accuracy against " + attack.level() + ", " + attack.title()
                    + ".").table(header, rows);
        }
        Charts.sheet(charts, 3, 640, 420, out.resolve(p + "curves.png"));
        ResultFiles.write(out.resolve(p + "summary.csv"), summaryCsv(outcomes, settings));
        ResultFiles.write(out.resolve(p + "summary.json"), summaryJson);
        report.heading("Data");
        report.link(p + "curves.png", p + "curves.png: the three plots side by side");
        report.link(p + "summary.csv", p + "summary.csv: mean, std and 95% interval per attack, level and model");
        report.link(p + "summary.json", p + "summary.json: every run's accuracies, with its seed");
        ResultFiles.write(out.resolve(p + "report.html"), report.render());
    }
}
