package dev.vecgrad.layers.metrics;

import dev.vecgrad.core.kernels.Kernels;

/**
 * Keras's binary accuracy: an output counts as 1 when it is above 0.5 (strictly) and as 0
 * otherwise, and it is right when that equals the label; per sample, the fraction right.
 */
public final class BinaryAccuracy implements Metric {

    public static final float THRESHOLD = 0.5f;

    private final String name;

    public BinaryAccuracy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double batchSum(Kernels kernels, float[] outputs, int outOff, float[] labels, int labelOff, int rows, int cols) {
        int matches = kernels.countThresholdMatches(rows * cols, outputs, outOff, THRESHOLD, labels, labelOff);
        return matches / (double) cols;
    }
}
