package dev.vecgrad.layers.datasets;

import java.io.Serializable;
import dev.vecgrad.core.Tensor;
import java.util.Arrays;

/**
 * A generated classification dataset as scikit-learn returns it: {@code x} is
 * {@code samples x features} doubles, row-major; {@code y} the integer class labels.
 * {@link #features()} and {@link #labels()} give the float32 tensors a model trains on.
 */
public record Dataset(double[] x, int[] y, int samples, int featureCount) implements Serializable {

    public Dataset {
        if (x.length != (long) samples * featureCount || y.length != samples) {
            throw new IllegalArgumentException("dataset arrays do not match " + samples + " x " + featureCount);
        }
    }

    public double x(int row, int feature) {
        return x[row * featureCount + feature];
    }

    public int label(int row) {
        return y[row];
    }

    /** Rows {@code [from, to)}, copied (the tutorial's train/test split is {@code rows(0, 30)}, {@code rows(30, 100)}). */
    public Dataset rows(int from, int to) {
        if (from < 0 || to > samples || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + samples);
        }
        return new Dataset(Arrays.copyOfRange(x, from * featureCount, to * featureCount),
                Arrays.copyOfRange(y, from, to), to - from, featureCount);
    }

    /** The features as a float32 {@code (samples, features)} tensor (rounded to nearest, as numpy's astype). */
    public Tensor features() {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return Tensor.wrap(f, samples, featureCount);
    }

    /** The labels as a float32 {@code (samples, 1)} column, for binary classification. */
    public Tensor labels() {
        float[] f = new float[samples];
        for (int i = 0; i < samples; i++) {
            f[i] = y[i];
        }
        return Tensor.wrap(f, samples, 1);
    }

    /** CSV with a header {@code x0,x1,...,y}; every double printed so that it parses back to itself. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < featureCount; j++) {
            sb.append('x').append(j).append(',');
        }
        sb.append("y\n");
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < featureCount; j++) {
                sb.append(Double.toString(x(i, j))).append(',');
            }
            sb.append(y[i]).append('\n');
        }
        return sb.toString();
    }
}
