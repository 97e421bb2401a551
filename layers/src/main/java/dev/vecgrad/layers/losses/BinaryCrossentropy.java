package dev.vecgrad.layers.losses;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.ClippedBinaryCrossEntropy;
import dev.vecgrad.autodiff.ops.SigmoidBinaryCrossEntropy;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.ActivationFunction;

/** Keras's {@code binary_crossentropy}; on the sigmoid's input when the model ends in a sigmoid. Labels must be 0 or 1. */
public final class BinaryCrossentropy implements Loss {

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    public ActivationFunction fusedActivation() {
        return ActivationFunction.SIGMOID;
    }

    @Override
    public Node fromOutputs(Node outputs, Node labels) {
        return ClippedBinaryCrossEntropy.apply(outputs, labels);
    }

    @Override
    public Node fromLogits(Node logits, Node labels) {
        return SigmoidBinaryCrossEntropy.apply(logits, labels);
    }

    @Override
    public void checkLabels(Tensor labels, int[] outputShape) {
        float[] y = labels.data();
        for (int i = 0; i < labels.size(); i++) {
            float v = y[labels.offset() + i];
            if (v != 0f && v != 1f) {
                throw new IllegalArgumentException("binary_crossentropy needs labels 0 or 1; label " + i + " is " + v);
            }
        }
    }
}
