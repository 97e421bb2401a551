package dev.vecgrad.study.nets;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Callback;
import dev.vecgrad.layers.models.Evaluation;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.study.Checkpoints;
import dev.vecgrad.study.ModelRecipe;
import dev.vecgrad.study.RunPool;
import dev.vecgrad.study.Statistics;
import dev.vecgrad.study.StudyRunner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The CNN and LSTM studies' runner: several models (with and without noise) on one train/test
 * split, several independent runs each, trained in parallel as the MLP study trains them (fit
 * with the test set as validation data, then evaluate both sets with noise off). Run i's seed
 * is {@link StudyRunner#runSeed}{@code (baseSeed, i)} for every model, so models are paired.
 */
public final class NetStudy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The data: training and test inputs and targets. */
    public record Split(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY) implements Serializable {
    }

    /** A model to study: an id, what it is, and how to build and compile it from a seed. */
    public record Model(String id, String description, ModelRecipe build) implements Serializable {
    }

    /**
     * One trained run: its final evaluations (noise off), its history, its wall time, and its
     * predictions for the study's probe inputs (null without a probe). The model itself is not
     * kept: its training buffers (tens of MB for the full-size CNN) would live as long as the
     * study's results.
     */
    public record Run(int index, long seed, Evaluation train, Evaluation test, History history, double seconds,
                      Tensor probePredictions) implements Serializable {
    }

    /** A model's runs, and their statistics for a metric ({@code "loss"}, {@code "accuracy"}). */
    public record Outcome(Model model, List<Run> runs) {

        public Statistics train(String metric) {
            return Statistics.of(runs.stream().mapToDouble(r -> value(r.train(), metric)).toArray());
        }

        public Statistics test(String metric) {
            return Statistics.of(runs.stream().mapToDouble(r -> value(r.test(), metric)).toArray());
        }

        public double secondsPerRun() {
            return runs.stream().mapToDouble(Run::seconds).average().orElse(0);
        }

        private static double value(Evaluation e, String metric) {
            return metric.equals("loss") ? e.loss() : e.get(metric);
        }
    }

    private final Split split;
    private final int epochs;
    private final int batchSize;
    private final Tensor probe;

    /** A study whose runs also predict {@code probe} (null for none) once trained. */
    public NetStudy(Split split, int epochs, int batchSize, Tensor probe) {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1, got " + epochs + ", " + batchSize);
        }
        this.split = split;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.probe = probe;
    }

    /**
     * Trains {@code runs} runs of every model on {@code pool}, keeping its progress in
     * {@code checkpoints}; {@code onRunDone} hears of each.
     */
    public List<Outcome> run(RunPool pool, Checkpoints checkpoints, List<Model> models, int runs, long baseSeed,
                             IntConsumer onRunDone) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        int[] perModel = new int[models.size()];
        java.util.Arrays.fill(perModel, runs);
        List<List<Run>> results = pool.run(perModel, checkpoints.around((m, index) -> {
            long seed = StudyRunner.runSeed(baseSeed, index);
            return train(models.get(m).build().apply(seed), index, seed, checkpoints.fitCallbacks(m, index));
        }), onRunDone);
        List<Outcome> outcomes = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            outcomes.add(new Outcome(models.get(m), results.get(m)));
        }
        return outcomes;
    }

    private Run train(Sequential model, int index, long seed, Callback[] callbacks) {
        long start = System.nanoTime();
        History history = model.fit(split.trainX(), split.trainY(), Fit.epochs(epochs).batchSize(batchSize)
                .validationData(split.testX(), split.testY()).verbose(0).callbacks(callbacks));
        Evaluation train = model.evaluate(split.trainX(), split.trainY());
        Evaluation test = model.evaluate(split.testX(), split.testY());
        Tensor probePredictions = probe == null ? null : model.predict(probe);
        return new Run(index, seed, train, test, history, (System.nanoTime() - start) / 1e9, probePredictions);
    }
}
