package dev.vecgrad.layers.models;

import dev.vecgrad.core.Tensor;

/**
 * The mean and standard deviation (over passes, dividing by the number of passes) of a
 * model's outputs over repeated forward passes with noise kept on, from
 * {@link Sequential#predictMonteCarlo}.
 */
public record MonteCarloPrediction(Tensor mean, Tensor stddev, int passes) {
}
