package dev.vecgrad.layers.metrics;

import dev.vecgrad.core.kernels.Kernels;

/** Keras's categorical accuracy: a sample is right when its largest output is at its label's largest entry. */
public final class CategoricalAccuracy implements Metric {

    private final String name;
    private int[] predicted = new int[0];
    private int[] actual = new int[0];

    public CategoricalAccuracy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double batchSum(Kernels kernels, float[] outputs, int outOff, float[] labels, int labelOff, int rows, int cols) {
        if (predicted.length < rows) {
            predicted = new int[rows];
            actual = new int[rows];
        }
        kernels.argmaxRows(rows, cols, outputs, outOff, predicted, 0);
        kernels.argmaxRows(rows, cols, labels, labelOff, actual, 0);
        int right = 0;
        for (int r = 0; r < rows; r++) {
            if (predicted[r] == actual[r]) {
                right++;
            }
        }
        return right;
    }
}
