package dev.vecgrad.layers.models;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.random.Seeds;

/**
 * The training batches of one fit: a permutation of the rows per epoch, and preallocated
 * batch tensors the rows are gathered into, so that an epoch allocates nothing.
 */
final class Batches {

    private final Tensor x;
    private final Tensor y;
    private final int n;
    private final int batchSize;
    private final int sampleSize;
    private final int labelSize;
    private final int[] order;
    private final Tensor fullX;
    private final Tensor fullY;
    private final Tensor lastX;
    private final Tensor lastY;

    Batches(Tensor x, int[] labelShape, Tensor y, int batchSize) {
        this.x = x;
        this.y = y;
        this.n = x.dim(0);
        this.batchSize = batchSize;
        this.sampleSize = x.size() / n;
        this.labelSize = y.size() / n;
        this.order = new int[n];
        this.fullX = Tensor.zeros(replaceFirst(batchSize, x.shape()));
        this.fullY = Tensor.zeros(prepend(batchSize, labelShape));
        int rest = n % batchSize;
        this.lastX = rest == 0 ? fullX : Tensor.zeros(replaceFirst(rest, x.shape()));
        this.lastY = rest == 0 ? fullY : Tensor.zeros(prepend(rest, labelShape));
    }

    /** A data shape with its row axis set to {@code rows}. */
    private static int[] replaceFirst(int rows, int[] shape) {
        int[] s = shape.clone();
        s[0] = rows;
        return s;
    }

    /** A per-sample shape with a row axis of {@code rows} in front. */
    private static int[] prepend(int rows, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = rows;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    int count() {
        return (n + batchSize - 1) / batchSize;
    }

    /** Samples seen once batch {@code b} is done. */
    int seen(int b) {
        return Math.min(n, (b + 1) * batchSize);
    }

    /** This epoch's row order: a fresh permutation from {@code (seed, epoch)}, or the identity. */
    void order(boolean shuffle, long seed, long epoch) {
        if (shuffle) {
            Seeds.permutation(seed, epoch, n, order);
        } else {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }
    }

    /** Copies batch {@code b}'s rows into its buffers; returns how many rows it has. */
    int gather(int b) {
        int from = b * batchSize;
        int rows = Math.min(batchSize, n - from);
        Tensor bx = x(rows);
        Tensor by = y(rows);
        for (int r = 0; r < rows; r++) {
            int src = order[from + r];
            System.arraycopy(x.data(), x.offset() + src * sampleSize, bx.data(), r * sampleSize, sampleSize);
            System.arraycopy(y.data(), y.offset() + src * labelSize, by.data(), r * labelSize, labelSize);
        }
        return rows;
    }

    Tensor x(int rows) {
        return rows == batchSize ? fullX : lastX;
    }

    Tensor y(int rows) {
        return rows == batchSize ? fullY : lastY;
    }
}
