package dev.vecgrad.layers.models;

import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import java.util.Arrays;

/** The checks on data given to fit, evaluate and predict: clear messages naming what is wrong. */
final class DataChecks {

    private DataChecks() {
    }

    static void requireInputs(String what, Tensor x) {
        if (x == null) {
            throw new NullPointerException(what + ": x is null");
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException(what + ": x must have a batch axis and a feature axis, got shape "
                    + Shapes.format(x.shape()));
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException(what + ": x has no rows");
        }
        requireFinite(what + " x", x);
    }

    static void requireData(String what, Tensor x, Tensor y) {
        requireInputs(what, x);
        if (y == null) {
            throw new NullPointerException(what + ": y is null");
        }
        if (y.rank() < 1 || y.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException(what + ": x has " + x.dim(0) + " rows but y has shape "
                    + Shapes.format(y.shape()));
        }
        requireFinite(what + " y", y);
    }

    static void requireFinite(String what, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < t.size(); i++) {
            float v = d[t.offset() + i];
            if (!Float.isFinite(v)) {
                int[] shape = t.shape();
                int row = shape.length == 0 || t.size() == 0 ? 0 : i / (t.size() / shape[0]);
                throw new IllegalArgumentException(what + " holds " + v + " at flat index " + i + " (row " + row + ")");
            }
        }
    }

    static void requireSampleShape(String what, Tensor x, int[] sampleShape) {
        int[] actual = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (!Arrays.equals(actual, sampleShape)) {
            throw new IllegalArgumentException(what + ": samples of shape " + Shapes.format(actual)
                    + " do not fit a model built for " + Shapes.format(sampleShape));
        }
    }

    /** Checks that y is {@code (n, outputShape...)}, or {@code (n,)} for a single output; returns the per-sample label shape. */
    static int[] requireLabels(String what, Tensor y, int n, int[] outputShape) {
        int[] perSample = Arrays.copyOfRange(y.shape(), 1, y.rank());
        boolean singleOutput = Shapes.checkedSize(outputShape) == 1;
        if (y.dim(0) == n && (Arrays.equals(perSample, outputShape) || (singleOutput && perSample.length == 0))) {
            return outputShape.clone();
        }
        throw new IllegalArgumentException(what + ": labels of shape " + Shapes.format(y.shape())
                + " do not match the model's output (n, " + Arrays.toString(outputShape).replaceAll("[\\[\\]]", "")
                + ") for n = " + n);
    }
}
