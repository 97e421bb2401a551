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
 * own derivative cancels. Each term is a float, by the kernels' exp and log, and the terms
 * are summed in double ({@code Kernels.sigmoidCrossEntropySum}). In double, with
 * {@code Math.log1p} and {@code Math.exp}, the terms took about a fifth of a noiseless
 * case-study run on JDK 17 (BENCHMARKS.md, "Issue 16, fifth step").
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
        double total = logits.tape().kernels().sigmoidCrossEntropySum(logits.size(), logits.data(), logits.offset(),
                labels.data(), labels.offset());
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
