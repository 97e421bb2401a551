package dev.vecgrad.study;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.layers.models.Callback;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.layers.models.Sequential;
import java.io.Serializable;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Trains the MLP studies' independent runs on a {@link RunPool}. Run {@code i}'s seed is derived
 * from the base seed and {@code i} only, and every run has its own model and tape, so the
 * results do not depend on how many threads or machines there are or in which order runs
 * finish. Serializable: a run, shipped to another JVM, takes its runner along.
 */
public final class StudyRunner implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Side of the grid of predictions for the decision-boundary plot. */
    public static final int BOUNDARY_GRID = 160;
    /** The plane the boundary covers: the data lies within about +-1.3. */
    public static final double BOUNDARY_EXTENT = 1.5;

    private final CaseStudyData data;
    private final int epochs;

    public StudyRunner(CaseStudyData data, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.data = data;
        this.epochs = epochs;
    }

    /** The seed of run {@code index} from the base seed: the same for every variant, so variants are paired. */
    public static long runSeed(long baseSeed, int index) {
        return Seeds.derive(baseSeed, index);
    }

    /** One job: a model builder and how many runs of it. */
    public record Job(String id, ModelRecipe model, int runs) implements Serializable {
    }

    /**
     * Trains every run of every job on {@code pool} and returns the results job by job, run by
     * run, keeping its progress in {@code checkpoints}. {@code boundaryForFirstRun} adds the
     * boundary grid to run 0 of each job. {@code onRunDone} is called after each run.
     */
    public List<List<RunResult>> run(RunPool pool, Checkpoints checkpoints, List<Job> jobs, long baseSeed,
                                     boolean boundaryForFirstRun, IntConsumer onRunDone) {
        int[] runs = jobs.stream().mapToInt(Job::runs).toArray();
        return pool.run(runs, checkpoints.around((j, index) -> {
            long seed = runSeed(baseSeed, index);
            return train(jobs.get(j).model().apply(seed), index, seed, boundaryForFirstRun && index == 0,
                    checkpoints.fitCallbacks(j, index));
        }), onRunDone);
    }

    /**
     * One run as the tutorial does it: fit with the test set as validation data (and
     * {@code callbacks}), then evaluate both sets.
     */
    private RunResult train(Sequential model, int index, long seed, boolean withBoundary, Callback[] callbacks) {
        long start = System.nanoTime();
        History history = model.fit(data.trainX(), data.trainY(),
                Fit.epochs(epochs).validationData(data.testX(), data.testY()).verbose(0).callbacks(callbacks));
        var train = model.evaluate(data.trainX(), data.trainY());
        var test = model.evaluate(data.testX(), data.testY());
        double seconds = (System.nanoTime() - start) / 1e9;
        Tensor boundary = withBoundary ? model.predict(boundaryGrid(), 1024) : null;
        return new RunResult(index, seed, train.get("accuracy"), test.get("accuracy"), train.loss(), test.loss(),
                history, seconds, boundary);
    }

    /** The points of the boundary grid, row by row from (-extent, -extent). */
    public static Tensor boundaryGrid() {
        int n = BOUNDARY_GRID;
        Tensor grid = Tensor.zeros(n * n, 2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                grid.set((float) coordinate(j), i * n + j, 0);
                grid.set((float) coordinate(i), i * n + j, 1);
            }
        }
        return grid;
    }

    /** The plane coordinate of grid cell {@code k}'s centre. */
    public static double coordinate(int k) {
        return -BOUNDARY_EXTENT + (k + 0.5) * (2 * BOUNDARY_EXTENT / BOUNDARY_GRID);
    }
}
