package dev.vecgrad.layers.losses;

import dev.vecgrad.autodiff.Node;

/** Keras's {@code mean_squared_error} ({@code mse}). */
public final class MeanSquaredError implements Loss {

    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    public Node fromOutputs(Node outputs, Node labels) {
        return dev.vecgrad.autodiff.ops.MeanSquaredDifference.apply(outputs, labels);
    }
}
