package dev.vecgrad.autodiff;

/**
 * What the forward pass is for, which decides whether noise ops draw noise.
 *
 * <p>Orthogonal to it, {@link Tape#setGradEnabled} decides whether nodes are recorded for
 * {@link Tape#backward} at all (like {@code torch.no_grad}).
 */
public enum Mode {
    /** Fitting: noise ops draw fresh noise every step. */
    TRAINING,
    /** Evaluation and prediction: noise ops are the identity and record nothing. */
    INFERENCE,
    /**
     * Evaluation with noise kept on ("Monte Carlo" noise): each forward pass draws fresh
     * noise, as in training, so repeated passes show the spread the noise causes.
     */
    MONTE_CARLO;

    /** Whether noise ops draw noise in this mode. */
    public boolean noiseActive() {
        return this != INFERENCE;
    }
}
