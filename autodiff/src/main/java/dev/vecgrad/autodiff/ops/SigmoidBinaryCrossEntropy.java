package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Binary cross-entropy of {@code sigmoid(z)} against labels {@code y}, computed from the
 * logits {@code z} and averaged over all elements:
 * <pre>
 *   loss = mean( max(z, 0) - z * y + log(1 + exp(-|z|)) )
 * </pre>
 * This is {@code -y log p - (1 - y) log(1 - p)} rearranged so that no exp overflows and no
 * log sees 0: finite for logits of +-100 and beyond. Backward:
 * {@code dz = (sigmoid(z) - y) / n}, which is also why the fused form is used: the sigmoid's
 * own derivative cancels. Per-element terms are summed in double.
 */
public final class SigmoidBinaryCrossEntropy implements Op {

    private static final SigmoidBinaryCrossEntropy OP = new SigmoidBinaryCrossEntropy();

    private SigmoidBinaryCrossEntropy() {
    }

    public static Node apply(Node logits, Node labels) {
        Elementwise.requireSameShape("sigmoidBinaryCrossEntropy", logits, labels);
        if (logits.size() == 0) {
            throw new IllegalArgumentException("sigmoidBinaryCrossEntropy of an empty batch");
        }
        Node out = logits.tape().outputScalar(OP, logits, labels);
        float[] z = logits.data();
        float[] y = labels.data();
        int zo = logits.offset();
        int yo = labels.offset();
        double total = 0;
        for (int i = 0; i < logits.size(); i++) {
            double zi = z[zo + i];
            total += Math.max(zi, 0) - zi * y[yo + i] + log1pExpMinusAbs(zi);
        }
        out.data()[0] = (float) (total / logits.size());
        return out;
    }

    /**
     * {@code log(1 + exp(-|z|))} by Goldberg's formula for log1p ("What every computer
     * scientist should know about floating-point arithmetic", theorem 4): with
     * {@code u = 1 + t} rounded, {@code log(u) * t / (u - 1)} is within a few ulps of
     * {@code log1p(t)}, and {@code t} itself when {@code u} rounds to 1. {@code Math.log} and
     * {@code Math.exp} are compiler intrinsics; {@code Math.log1p} is not (JDK 17 calls native
     * fdlibm, JDK 25 runs fdlibm's Java port), and it took 12-15% of a noiseless case-study run
     * (BENCHMARKS.md, "Issue 16, fifth step").
     */
    static double log1pExpMinusAbs(double z) {
        double t = Math.exp(-Math.abs(z));
        double u = 1 + t;
        return u == 1 ? t : Math.log(u) * t / (u - 1);
    }

    @Override
    public void backward(Node out) {
        Node logits = out.input(0);
        Node labels = out.input(1);
        var tape = out.tape();
        int n = logits.size();
        double g = out.gradData()[0] / (double) n;
        float[] z = logits.data();
        float[] y = labels.data();
        int zo = logits.offset();
        int yo = labels.offset();
        if (logits.requiresGrad()) {
            float beta = tape.claimGrad(logits);
            float[] dz = logits.gradData();
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(-z[zo + i]));
                dz[i] = Elementwise.accumulate((float) ((p - y[yo + i]) * g), beta, dz, i);
            }
        }
        if (labels.requiresGrad()) {
            float beta = tape.claimGrad(labels);
            float[] dy = labels.gradData();
            for (int i = 0; i < n; i++) {
                dy[i] = Elementwise.accumulate((float) (-z[zo + i] * g), beta, dy, i);
            }
        }
    }
}
