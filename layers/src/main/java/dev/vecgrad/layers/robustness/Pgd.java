package dev.vecgrad.layers.robustness;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Sequential;
import java.util.Objects;

/**
 * Projected gradient descent in the L-infinity ball (Madry et al., 2018): start at a uniform
 * random point of the eps-ball around x, then {@code steps} times move by {@code alpha} along
 * the sign of the loss's input gradient and project back: into {@code [x - eps, x + eps]},
 * then into the value range. The start is drawn from {@code seed} (sample by sample, so the
 * same seed gives the same attack). The gradient is the model's with its noise layers off.
 */
public final class Pgd {

    /** Madry et al.'s step: 2.5 eps / steps, so that the walk can cross the ball from any start. */
    public static double defaultAlpha(double eps, int steps) {
        return 2.5 * eps / steps;
    }

    private final float eps;
    private final float alpha;
    private final int steps;
    private final ValueRange range;
    private final long seed;

    public Pgd(double eps, double alpha, int steps, ValueRange range, long seed) {
        this.eps = Attacks.checkStrength("PGD eps", eps);
        this.alpha = Attacks.checkStrength("PGD alpha", alpha);
        if (steps < 1) {
            throw new IllegalArgumentException("PGD needs at least 1 step, got " + steps);
        }
        this.steps = steps;
        this.range = Objects.requireNonNull(range, "range");
        this.seed = seed;
    }

    /** The attacked copy of {@code x} (labels {@code y}); x itself is left as it is. */
    public Tensor perturb(Sequential model, Tensor x, Tensor y) {
        range.requireInside("PGD", x);
        int n = x.size();
        float[] start = new float[n];
        model.kernels().fillUniform(seed, 0, 0, start, 0, n);
        Tensor adv = x.copy();
        float[] a = adv.data();
        float[] orig = x.data();
        for (int i = 0; i < n; i++) {
            float v = orig[x.offset() + i] + eps * (2 * start[i] - 1);
            a[adv.offset() + i] = range.clip(v);
        }
        for (int s = 0; s < steps; s++) {
            Tensor grad = model.inputGradient(adv, y);
            Attacks.signStep(adv, grad, alpha, ValueRange.UNBOUNDED);
            for (int i = 0; i < n; i++) {
                float center = orig[x.offset() + i];
                float v = Math.min(center + eps, Math.max(center - eps, a[adv.offset() + i]));
                a[adv.offset() + i] = range.clip(v);
            }
        }
        return adv;
    }
}
