package dev.vecgrad.study;

import java.util.List;

/**
 * The runs of one configuration (a tutorial variant, or one point of the noise grid) and their
 * statistics.
 *
 * @param id          {@code a}..{@code e}, or the grid point's stddev
 * @param description what the configuration is, in words
 */
public record Outcome(String id, String description, List<RunResult> runs, Statistics train, Statistics test,
                      double secondsPerRun) {

    public static Outcome of(String id, String description, List<RunResult> runs) {
        double[] train = new double[runs.size()];
        double[] test = new double[runs.size()];
        double seconds = 0;
        for (int i = 0; i < runs.size(); i++) {
            train[i] = runs.get(i).trainAccuracy();
            test[i] = runs.get(i).testAccuracy();
            seconds += runs.get(i).seconds();
        }
        return new Outcome(id, description, List.copyOf(runs), Statistics.of(train), Statistics.of(test),
                seconds / runs.size());
    }
}
