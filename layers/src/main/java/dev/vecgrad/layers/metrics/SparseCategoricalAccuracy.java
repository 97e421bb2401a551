package dev.vecgrad.layers.metrics;

import dev.vecgrad.core.kernels.Kernels;

/** Keras's sparse categorical accuracy: a sample is right when its largest output is at its class index. */
public final class SparseCategoricalAccuracy implements Metric {

    private final String name;
    private int[] predicted = new int[0];

    public SparseCategoricalAccuracy(String name) {
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
        }
        kernels.argmaxRows(rows, cols, outputs, outOff, predicted, 0);
        int right = 0;
        for (int r = 0; r < rows; r++) {
            if (predicted[r] == labels[labelOff + r]) {
                right++;
            }
        }
        return right;
    }
}
