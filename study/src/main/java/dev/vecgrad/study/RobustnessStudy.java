package dev.vecgrad.study;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.layers.models.Callback;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.layers.robustness.Robustness;
import dev.vecgrad.layers.robustness.RobustnessPoint;
import dev.vecgrad.layers.robustness.ValueRange;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The robustness study: each model is trained over several seeded runs (or taken as saved),
 * then its test accuracy is measured under Gaussian corruption of the test inputs, under FGSM
 * and under PGD, at each strength. Run i of every model has the same seed
 * ({@link StudyRunner#runSeed}), so models are compared run by run, and a trained model is
 * the very one {@code case-study} trains with that seed.
 */
public final class RobustnessStudy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Purpose of the seed, derived from a run's seed, of that run's corruption draws and PGD starts. */
    private static final long ATTACKS = 101;

    /** The three perturbations, in the order of every table and file. */
    public enum Attack {
        NOISE("noise", "Gaussian noise on the test inputs", "sigma"),
        FGSM("fgsm", "FGSM", "eps"),
        PGD("pgd", "PGD", "eps");

        private final String id;
        private final String title;
        private final String level;

        Attack(String id, String title, String level) {
            this.id = id;
            this.title = title;
            this.level = level;
        }

        public String id() {
            return id;
        }

        public String title() {
            return title;
        }

        /** What its strength is called: sigma or eps. */
        public String level() {
            return level;
        }
    }

    /** What to measure: the strengths, corruption draws per sigma, PGD steps, and the inputs' value range. */
    public record Settings(double[] sigmas, double[] epsilons, int draws, int pgdSteps, ValueRange range)
            implements Serializable {

        public double[] levels(Attack attack) {
            return attack == Attack.NOISE ? sigmas : epsilons;
        }
    }

    /** A model to study: built from a run's seed and trained, or (a saved model) used as it is, once. */
    public record Candidate(String id, String description, ModelRecipe build, boolean train) implements Serializable {
    }

    public record Data(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY) implements Serializable {
    }

    /** One run: its seed, its accuracy at each attack's levels ({@code accuracy[attack.ordinal()][level]}), and its time. */
    public record Run(int index, long seed, double[][] accuracy, double seconds) implements Serializable {
    }

    /** Every run of one candidate. */
    public record Outcome(Candidate candidate, List<Run> runs) {

        /** The runs' accuracies under {@code attack} at level number {@code level}. */
        public double[] values(Attack attack, int level) {
            double[] v = new double[runs.size()];
            for (int r = 0; r < v.length; r++) {
                v[r] = runs.get(r).accuracy()[attack.ordinal()][level];
            }
            return v;
        }

        public Statistics at(Attack attack, int level) {
            return Statistics.of(values(attack, level));
        }
    }

    private final Data data;
    private final int epochs;
    private final int batchSize;
    private final Settings settings;

    public RobustnessStudy(Data data, int epochs, int batchSize, Settings settings) {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1");
        }
        this.data = data;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * {@code runs} runs of every candidate that trains, one of every saved one, on {@code pool};
     * results candidate by candidate, run by run, the same whatever the pool. {@code onRunDone}
     * is called after each run.
     */
    public List<Outcome> run(RunPool pool, Checkpoints checkpoints, List<Candidate> candidates, int runs, long baseSeed,
                             IntConsumer onRunDone) {
        int[] perCandidate = candidates.stream().mapToInt(c -> c.train() ? runs : 1).toArray();
        List<List<Run>> results = pool.run(perCandidate, checkpoints.around((c, index) -> measure(candidates.get(c),
                index, StudyRunner.runSeed(baseSeed, index), checkpoints.fitCallbacks(c, index))), onRunDone);
        List<Outcome> outcomes = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            outcomes.add(new Outcome(candidates.get(c), results.get(c)));
        }
        return outcomes;
    }

    /** One run: train (unless saved), then every attack at every level on the test set. */
    Run measure(Candidate candidate, int index, long seed, Callback... callbacks) {
        long start = System.nanoTime();
        Sequential model = candidate.build().apply(seed);
        if (candidate.train()) {
            model.fit(data.trainX(), data.trainY(), Fit.epochs(epochs).batchSize(batchSize).verbose(0)
                    .callbacks(callbacks));
        }
        long attackSeed = Seeds.derive(seed, ATTACKS);
        double[][] accuracy = new double[Attack.values().length][];
        accuracy[Attack.NOISE.ordinal()] = accuracies(Robustness.corruption(model, data.testX(), data.testY(),
                settings.sigmas(), settings.draws(), settings.range(), attackSeed, false));
        accuracy[Attack.FGSM.ordinal()] = accuracies(Robustness.fgsm(model, data.testX(), data.testY(),
                settings.epsilons(), settings.range(), false));
        accuracy[Attack.PGD.ordinal()] = accuracies(Robustness.pgd(model, data.testX(), data.testY(),
                settings.epsilons(), settings.pgdSteps(), settings.range(), attackSeed, false));
        return new Run(index, seed, accuracy, (System.nanoTime() - start) / 1e9);
    }

    private static double[] accuracies(List<RobustnessPoint> points) {
        double[] a = new double[points.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = points.get(i).accuracy();
        }
        return a;
    }

    /**
     * The reading in words. One line per attack, at its strongest level: what each model keeps
     * of its clean accuracy, and against the first model (the one without noise) the paired
     * difference under the attack and in what the attack takes away, each with its 95%
     * interval over the runs (they share seeds). Then the answer to the study's question: which
     * models lose less than the first, with the interval above 0. More accurate is not more
     * robust: a model can lead under attack only because it led without one.
     */
    public static List<String> reading(List<Outcome> outcomes, Settings settings) {
        List<String> lines = new ArrayList<>();
        if (outcomes.size() < 2) {
            return lines;
        }
        Outcome base = outcomes.get(0);
        String baseId = base.candidate().id();
        List<String> answers = new ArrayList<>();
        for (Attack attack : Attack.values()) {
            double[] levels = settings.levels(attack);
            int strong = argmax(levels);
            int clean = argmin(levels);
            if (levels[strong] == 0 || levels[clean] != 0) {
                continue;
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "%s at %s %s: %s (%s) keeps %.3f of its clean %.3f.", attack.title(), attack.level(),
                    fmt(levels[strong]), baseId, base.candidate().description(), base.at(attack, strong).mean(),
                    base.at(attack, clean).mean()));
            List<String> lessLoss = new ArrayList<>();
            for (Outcome o : outcomes.subList(1, outcomes.size())) {
                double[] underAttack = difference(base.values(attack, strong), o.values(attack, strong));
                double[] baseLost = lost(base, attack, clean, strong);
                double[] ownLost = lost(o, attack, clean, strong);
                double[] moreLost = difference(baseLost, ownLost);
                sb.append(String.format(Locale.ROOT, " %s keeps %.3f of %.3f, under the attack %s; it loses %.3f"
                                + " (%s %.3f), %s.", o.candidate().id(), o.at(attack, strong).mean(),
                        o.at(attack, clean).mean(), compare(underAttack, "ahead", "behind"), Statistics.of(ownLost).mean(),
                        baseId, Statistics.of(baseLost).mean(), compare(moreLost, "more", "less")));
                if (moreLost.length > 1 && Statistics.of(moreLost).ciHigh() < 0) {
                    lessLoss.add(o.candidate().id());
                }
            }
            lines.add(sb.toString());
            answers.add(attack.title() + ": " + (lessLoss.isEmpty() ? "no" : "yes, " + String.join(", ", lessLoss)));
        }
        if (!answers.isEmpty()) {
            lines.add("Does training with noise buy robustness here, that is, does a model lose less than " + baseId
                    + " to the strongest attack (the paired 95% interval below 0)? " + String.join("; ", answers) + ".");
        }
        return lines;
    }

    /** Per run, the accuracy the attack takes away: clean minus attacked. */
    private static double[] lost(Outcome o, Attack attack, int clean, int strong) {
        double[] c = o.values(attack, clean);
        double[] s = o.values(attack, strong);
        double[] d = new double[c.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = c[i] - s[i];
        }
        return d;
    }

    /** {@code b - a} run by run (run i of each shares a seed); empty when the runs do not pair. */
    private static double[] difference(double[] a, double[] b) {
        if (a.length != b.length) {
            return new double[0];
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        return d;
    }

    /** {@code +0.011 [+0.004, +0.017] (ahead)}: the mean difference, its interval, and whether the interval excludes 0. */
    private static String compare(double[] d, String above, String below) {
        if (d.length < 2) {
            return d.length == 1 ? String.format(Locale.ROOT, "%+.3f (one run: no interval)", d[0]) : "not paired";
        }
        Statistics s = Statistics.of(d);
        String word = s.ciLow() > 0 ? above : s.ciHigh() < 0 ? below : "no difference the runs can tell";
        return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f] (%s)", s.mean(), s.ciLow(), s.ciHigh(), word);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A level as written on the command line: 0.05, not 0.050000. */
    public static String fmt(double level) {
        return java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }
}
