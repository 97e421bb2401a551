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
            total += Math.max(zi, 0) - zi * y[yo + i] + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        out.data()[0] = (float) (total / logits.size());
        return out;
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
