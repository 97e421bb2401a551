package dev.vecgrad.layers.losses;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.ClippedCategoricalCrossEntropy;
import dev.vecgrad.autodiff.ops.SoftmaxCrossEntropy;
import dev.vecgrad.layers.ActivationFunction;

/** Keras's {@code categorical_crossentropy} on one-hot (or probability) label rows; on the softmax's input when the model ends in a softmax. */
public final class CategoricalCrossentropy implements Loss {

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    public ActivationFunction fusedActivation() {
        return ActivationFunction.SOFTMAX;
    }

    @Override
    public Node fromOutputs(Node outputs, Node labels) {
        return ClippedCategoricalCrossEntropy.apply(outputs, labels);
    }

    @Override
    public Node fromLogits(Node logits, Node labels) {
        return SoftmaxCrossEntropy.apply(logits, labels);
    }
}
