package dev.vecgrad.layers.robustness;

import dev.vecgrad.core.Tensor;

/**
 * One point of a robustness curve: the strength (sigma or eps), the accuracy there and, when
 * asked for, the perturbed inputs (for a corruption averaged over several draws, the first
 * draw's); null otherwise.
 */
public record RobustnessPoint(double level, double accuracy, Tensor perturbed) {
}
