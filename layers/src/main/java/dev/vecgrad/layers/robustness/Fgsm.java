package dev.vecgrad.layers.robustness;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Sequential;
import java.util.Objects;

/**
 * The fast gradient sign method (Goodfellow, Shlens and Szegedy, 2015): one step of size eps
 * along the sign of the loss's input gradient, {@code x + eps * sign(d loss / d x)}, clipped
 * to the value range. A coordinate whose gradient is exactly 0 does not move (sign(0) = 0, as
 * {@code torch.sign}). The gradient is the model's with its noise layers off.
 */
public final class Fgsm {

    private final float eps;
    private final ValueRange range;

    public Fgsm(double eps, ValueRange range) {
        this.eps = Attacks.checkStrength("FGSM eps", eps);
        this.range = Objects.requireNonNull(range, "range");
    }

    /** The attacked copy of {@code x} (labels {@code y}); x itself is left as it is. */
    public Tensor perturb(Sequential model, Tensor x, Tensor y) {
        range.requireInside("FGSM", x);
        Tensor grad = model.inputGradient(x, y);
        Tensor out = x.copy();
        Attacks.signStep(out, grad, eps, range);
        return out;
    }
}
