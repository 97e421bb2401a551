package dev.vecgrad.layers.models;

import dev.vecgrad.core.Tensor;

/** Evaluation data cut into batches in order: row views made once, so an epoch's validation allocates no tensors. */
final class ValidationBatches {

    private final Tensor[] xs;
    private final Tensor[] ys;
    private final int samples;

    ValidationBatches(Tensor x, Tensor y, int[] labelShape, int batchSize) {
        samples = x.dim(0);
        int[] yShape = new int[labelShape.length + 1];
        yShape[0] = samples;
        System.arraycopy(labelShape, 0, yShape, 1, labelShape.length);
        Tensor labels = y.reshape(yShape);
        int count = (samples + batchSize - 1) / batchSize;
        xs = new Tensor[count];
        ys = new Tensor[count];
        for (int b = 0; b < count; b++) {
            int from = b * batchSize;
            int to = Math.min(samples, from + batchSize);
            xs[b] = x.rows(from, to);
            ys[b] = labels.rows(from, to);
        }
    }

    int count() {
        return xs.length;
    }

    int samples() {
        return samples;
    }

    Tensor x(int b) {
        return xs[b];
    }

    Tensor y(int b) {
        return ys[b];
    }
}
