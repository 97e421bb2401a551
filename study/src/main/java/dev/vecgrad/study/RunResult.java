package dev.vecgrad.study;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.History;
import java.io.Serializable;

/**
 * One trained model's outcome: its seed, the tutorial's final evaluation (train and test
 * accuracy and loss, noise off), the per-epoch history, its wall time, and, when asked for,
 * the predicted probability over a grid of the plane for the decision-boundary plot.
 */
public record RunResult(int index, long seed, double trainAccuracy, double testAccuracy, double trainLoss,
                        double testLoss, History history, double seconds, Tensor boundary)
        implements Serializable {
}
