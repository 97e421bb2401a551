package dev.vecgrad.demo.study;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.datasets.Dataset;
import dev.vecgrad.layers.datasets.MakeCircles;

/**
 * The tutorial's data: {@code make_circles(n_samples=100, noise=0.1, random_state=1)}, the
 * first 30 rows for training and the other 70 for testing (and validation).
 */
public record CaseStudyData(Dataset all, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY) {

    public static final int SAMPLES = 100;
    public static final int TRAIN = 30;

    public static CaseStudyData tutorial() {
        return of(MakeCircles.generate(SAMPLES, 0.1, 1));
    }

    /** Any dataset split as the tutorial splits it: the first 30 rows train, the rest test. */
    public static CaseStudyData of(Dataset data) {
        if (data.samples() <= TRAIN) {
            throw new IllegalArgumentException("the study needs more than " + TRAIN + " rows, got " + data.samples());
        }
        Dataset train = data.rows(0, TRAIN);
        Dataset test = data.rows(TRAIN, data.samples());
        return new CaseStudyData(data, train.features(), train.labels(), test.features(), test.labels());
    }
}
