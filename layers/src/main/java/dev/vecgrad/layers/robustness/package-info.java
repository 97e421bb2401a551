/**
 * Robustness, measured: a trained model's accuracy when its test inputs are corrupted by
 * Gaussian noise ({@link dev.vecgrad.layers.robustness.GaussianCorruption}) or attacked along
 * the sign of the loss's input gradient ({@link dev.vecgrad.layers.robustness.Fgsm}, one step;
 * {@link dev.vecgrad.layers.robustness.Pgd}, several, from a random start). Each is a
 * function of the inputs (and a seed); {@link dev.vecgrad.layers.robustness.Robustness} sweeps
 * a list of strengths and reports the accuracy at each.
 *
 * <pre>
 *   List&lt;RobustnessPoint&gt; curve = Robustness.fgsm(model, xTest, yTest, new double[] {0, 0.05, 0.1}, ValueRange.UNIT);
 * </pre>
 */
package dev.vecgrad.layers.robustness;
