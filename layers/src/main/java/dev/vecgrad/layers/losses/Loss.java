package dev.vecgrad.layers.losses;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.ActivationFunction;
import java.util.Locale;

/**
 * A training loss: a single value from the model's output and the labels, averaged over the
 * batch. A loss that fuses with the model's last activation (binary cross-entropy with a
 * sigmoid, categorical cross-entropy with a softmax) is computed from that activation's input
 * instead, exactly and without clipping, as Keras does when it sees the activation.
 */
public interface Loss {

    /** The Keras name, as in {@code compile(loss="binary_crossentropy")}. */
    String name();

    /** The last activation this loss can take the input of, or null. */
    default ActivationFunction fusedActivation() {
        return null;
    }

    /** The loss from the model's outputs (probabilities, or values for a regression). */
    Node fromOutputs(Node outputs, Node labels);

    /** The loss from the input of {@link #fusedActivation()}; only called when that is not null. */
    default Node fromLogits(Node logits, Node labels) {
        throw new UnsupportedOperationException(name() + " does not fuse with an activation");
    }

    /** A sample's label shape for a model whose output shape is {@code outputShape}: the same, but for sparse labels. */
    default int[] labelShape(int[] outputShape) {
        return outputShape.clone();
    }

    /** Checks the labels' values before training, naming what is wrong (for example a label that is not 0 or 1). */
    default void checkLabels(Tensor labels, int[] outputShape) {
    }

    /**
     * A loss by Keras name: {@code binary_crossentropy}, {@code categorical_crossentropy},
     * {@code sparse_categorical_crossentropy}, {@code mse} / {@code mean_squared_error}.
     */
    static Loss of(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "binary_crossentropy":
                return new BinaryCrossentropy();
            case "categorical_crossentropy":
                return new CategoricalCrossentropy();
            case "sparse_categorical_crossentropy":
                return new SparseCategoricalCrossentropy();
            case "mse":
            case "mean_squared_error":
                return new MeanSquaredError();
            default:
                throw new IllegalArgumentException("unknown loss '" + name
                        + "': use binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy"
                        + " or mean_squared_error");
        }
    }
}
