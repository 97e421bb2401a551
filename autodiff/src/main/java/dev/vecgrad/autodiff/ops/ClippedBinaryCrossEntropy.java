package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Binary cross-entropy of probabilities {@code p} against labels {@code y}, averaged over all
 * elements, as Keras computes it when it is not given logits: {@code p} is clipped to
 * {@code [eps, 1 - eps]} ({@code eps = 1e-7}) and
 * <pre>
 *   loss = -mean( y log(p + eps) + (1 - y) log(1 - p + eps) )
 * </pre>
 * Backward: zero where the clip is active, {@code (-(y / (p + eps)) + (1 - y) / (1 - p + eps)) / n}
 * elsewhere. When the probabilities come from a sigmoid, prefer {@link SigmoidBinaryCrossEntropy}
 * on its input: exact, and with no clip cutting the gradient of confident predictions.
 */
public final class ClippedBinaryCrossEntropy implements Op {

    private static final ClippedBinaryCrossEntropy OP = new ClippedBinaryCrossEntropy();
    /** Keras's backend epsilon. */
    public static final double EPSILON = 1e-7;

    private ClippedBinaryCrossEntropy() {
    }

    public static Node apply(Node probabilities, Node labels) {
        Elementwise.requireSameShape("binaryCrossEntropy", probabilities, labels);
        if (probabilities.size() == 0) {
            throw new IllegalArgumentException("binaryCrossEntropy of an empty batch");
        }
        Node out = probabilities.tape().outputScalar(OP, probabilities, labels);
        float[] p = probabilities.data();
        float[] y = labels.data();
        double total = 0;
        for (int i = 0; i < probabilities.size(); i++) {
            double pi = clip(p[probabilities.offset() + i]);
            double yi = y[labels.offset() + i];
            total -= yi * Math.log(pi + EPSILON) + (1 - yi) * Math.log(1 - pi + EPSILON);
        }
        out.data()[0] = (float) (total / probabilities.size());
        return out;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    }

    @Override
    public void backward(Node out) {
        Node probabilities = out.input(0);
        Node labels = out.input(1);
        var tape = out.tape();
        int n = probabilities.size();
        double g = out.gradData()[0] / (double) n;
        float[] p = probabilities.data();
        float[] y = labels.data();
        if (probabilities.requiresGrad()) {
            float beta = tape.claimGrad(probabilities);
            float[] dp = probabilities.gradData();
            for (int i = 0; i < n; i++) {
                double pi = p[probabilities.offset() + i];
                double yi = y[labels.offset() + i];
                boolean clipped = pi < EPSILON || pi > 1 - EPSILON;
                float value = clipped ? 0f : (float) ((-(yi / (pi + EPSILON)) + (1 - yi) / (1 - pi + EPSILON)) * g);
                dp[i] = Elementwise.accumulate(value, beta, dp, i);
            }
        }
        if (labels.requiresGrad()) {
            float beta = tape.claimGrad(labels);
            float[] dy = labels.gradData();
            for (int i = 0; i < n; i++) {
                double pi = clip(p[probabilities.offset() + i]);
                float value = (float) ((Math.log(1 - pi + EPSILON) - Math.log(pi + EPSILON)) * g);
                dy[i] = Elementwise.accumulate(value, beta, dy, i);
            }
        }
    }
}
