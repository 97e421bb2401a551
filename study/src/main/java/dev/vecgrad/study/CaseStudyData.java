package dev.vecgrad.study;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.datasets.Dataset;
import dev.vecgrad.layers.datasets.MakeCircles;
import java.io.Serializable;

/**
 * The study's data, split as the tutorial splits it: the first 30 rows train, the rest test
 * (and validate). By default the tutorial's {@code make_circles(n_samples=100, noise=0.1,
 * random_state=1)}; the demo's {@code --data} gives any CSV of the same layout.
 *
 * @param source what the data is, for tables and reports
 */
public record CaseStudyData(String source, Dataset all, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY)
        implements Serializable {

    public static final int SAMPLES = 100;
    public static final int TRAIN = 30;
    public static final String TUTORIAL_SOURCE = "make_circles(n_samples=100, noise=0.1, random_state=1)";

    public static CaseStudyData tutorial() {
        return of(MakeCircles.generate(SAMPLES, 0.1, 1), TUTORIAL_SOURCE);
    }

    /** Any dataset split as the tutorial splits it: the first 30 rows train, the rest test. */
    public static CaseStudyData of(Dataset data, String source) {
        if (data.samples() <= TRAIN) {
            throw new IllegalArgumentException(source + ": the study trains on the first " + TRAIN
                    + " rows and tests on the rest, so it needs more than " + TRAIN + " rows; got " + data.samples());
        }
        Dataset train = data.rows(0, TRAIN);
        Dataset test = data.rows(TRAIN, data.samples());
        return new CaseStudyData(source, data, train.features(), train.labels(), test.features(), test.labels());
    }

    public boolean isTutorial() {
        return source.equals(TUTORIAL_SOURCE);
    }

    /** Features per sample: the models' input size. */
    public int features() {
        return all.featureCount();
    }

    public int testCount() {
        return all.samples() - TRAIN;
    }

    /** Whether the samples are points of the plane, which the scatter and boundary plots need. */
    public boolean isPlanar() {
        return features() == 2;
    }
}
