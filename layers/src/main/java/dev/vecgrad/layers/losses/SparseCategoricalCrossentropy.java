package dev.vecgrad.layers.losses;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.ClippedSparseCategoricalCrossEntropy;
import dev.vecgrad.autodiff.ops.SparseSoftmaxCrossEntropy;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.ActivationFunction;

/**
 * Keras's {@code sparse_categorical_crossentropy}: labels are class indices, one per sample
 * ({@code (n)} or {@code (n, 1)}), not one-hot rows; on the softmax's input when the model
 * ends in a softmax.
 */
public final class SparseCategoricalCrossentropy implements Loss {

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    public ActivationFunction fusedActivation() {
        return ActivationFunction.SOFTMAX;
    }

    @Override
    public int[] labelShape(int[] outputShape) {
        return new int[] {1};
    }

    @Override
    public void checkLabels(Tensor labels, int[] outputShape) {
        int classes = outputShape[outputShape.length - 1];
        float[] y = labels.data();
        for (int i = 0; i < labels.size(); i++) {
            float v = y[labels.offset() + i];
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException("sparse_categorical_crossentropy needs class indices in [0, " + classes
                        + "); label " + i + " is " + v);
            }
        }
    }

    @Override
    public Node fromOutputs(Node outputs, Node labels) {
        return ClippedSparseCategoricalCrossEntropy.apply(outputs, labels);
    }

    @Override
    public Node fromLogits(Node logits, Node labels) {
        return SparseSoftmaxCrossEntropy.apply(logits, labels);
    }
}
