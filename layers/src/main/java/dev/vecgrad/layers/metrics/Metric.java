package dev.vecgrad.layers.metrics;

import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.layers.losses.Loss;
import java.util.Locale;

/**
 * A metric averaged over samples, as Keras's mean metrics are: each batch contributes the sum
 * of its per-sample values, and the epoch's value is the total over the number of samples.
 */
public interface Metric {

    /** The key in the History: {@code accuracy}, and {@code val_accuracy} for validation. */
    String name();

    /**
     * The sum over a batch's {@code rows} samples of this metric, from the model's outputs
     * ({@code rows x cols}, probabilities after the last activation) and the labels.
     */
    double batchSum(Kernels kernels, float[] outputs, int outOff, float[] labels, int labelOff, int rows, int cols);

    /**
     * A metric by Keras name. {@code "accuracy"} means what Keras makes of it: binary accuracy
     * for binary cross-entropy and single-output models, sparse categorical accuracy for
     * sparse categorical cross-entropy, categorical accuracy otherwise.
     */
    static Metric of(String name, Loss loss, int outputs) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "accuracy":
            case "acc":
                if (loss.name().equals("sparse_categorical_crossentropy")) {
                    return new SparseCategoricalAccuracy("accuracy");
                }
                boolean binary = outputs == 1 || loss.name().equals("binary_crossentropy");
                return binary ? new BinaryAccuracy("accuracy") : new CategoricalAccuracy("accuracy");
            case "binary_accuracy":
                return new BinaryAccuracy("binary_accuracy");
            case "categorical_accuracy":
                return new CategoricalAccuracy("categorical_accuracy");
            case "sparse_categorical_accuracy":
                return new SparseCategoricalAccuracy("sparse_categorical_accuracy");
            default:
                throw new IllegalArgumentException("unknown metric '" + name
                        + "': use accuracy, binary_accuracy, categorical_accuracy or sparse_categorical_accuracy");
        }
    }
}
