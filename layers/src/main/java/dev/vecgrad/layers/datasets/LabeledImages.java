package dev.vecgrad.layers.datasets;

import dev.vecgrad.core.Tensor;
import java.util.Arrays;

/**
 * Images with integer class labels, as {@code keras.datasets} returns one split of them:
 * {@code images} is an NHWC float tensor {@code (n, height, width, channels)} with pixel
 * values in [0, 1]; {@code labels[i]} is image i's class, in {@code [0, classes)}.
 */
public record LabeledImages(Tensor images, int[] labels, int classes) {

    public LabeledImages {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("images must be NHWC (rank 4), got shape " + Arrays.toString(images.shape()));
        }
        if (images.dim(0) != labels.length) {
            throw new IllegalArgumentException(images.dim(0) + " images but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is not in [0, " + classes + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    /** The first {@code n} images and labels, copied (the study trains on such a subset). */
    public LabeledImages first(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("cannot take the first " + n + " of " + size() + " images");
        }
        int[] shape = images.shape().clone();
        int per = images.size() / Math.max(1, size());
        shape[0] = n;
        float[] pixels = Arrays.copyOfRange(images.data(), images.offset(), images.offset() + n * per);
        return new LabeledImages(Tensor.wrap(pixels, shape), Arrays.copyOf(labels, n), classes);
    }

    /** The labels one-hot, {@code (n, classes)}, for {@code categorical_crossentropy}. */
    public Tensor oneHot() {
        float[] rows = new float[size() * classes];
        for (int i = 0; i < size(); i++) {
            rows[i * classes + labels[i]] = 1f;
        }
        return Tensor.wrap(rows, size(), classes);
    }

    /** The labels as a float {@code (n, 1)} column of class indices, for {@code sparse_categorical_crossentropy}. */
    public Tensor labelColumn() {
        float[] column = new float[size()];
        for (int i = 0; i < size(); i++) {
            column[i] = labels[i];
        }
        return Tensor.wrap(column, size(), 1);
    }
}
