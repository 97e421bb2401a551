package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * {@code mean((prediction - target)^2)} over all elements: the mean squared error of the
 * {@code mean_squared_error} loss. Backward:
 * {@code dprediction = 2 (prediction - target) / n}, and its negation for the target.
 */
public final class MeanSquaredDifference implements Op {

    private static final MeanSquaredDifference OP = new MeanSquaredDifference();

    private MeanSquaredDifference() {
    }

    public static Node apply(Node prediction, Node target) {
        Elementwise.requireSameShape("meanSquaredError", prediction, target);
        if (prediction.size() == 0) {
            throw new IllegalArgumentException("meanSquaredError of an empty batch");
        }
        Node out = prediction.tape().outputScalar(OP, prediction, target);
        float[] p = prediction.data();
        float[] t = target.data();
        double total = 0;
        for (int i = 0; i < prediction.size(); i++) {
            double d = (double) p[prediction.offset() + i] - t[target.offset() + i];
            total += d * d;
        }
        out.data()[0] = (float) (total / prediction.size());
        return out;
    }

    @Override
    public void backward(Node out) {
        Node prediction = out.input(0);
        Node target = out.input(1);
        var tape = out.tape();
        int n = prediction.size();
        double g = 2.0 * out.gradData()[0] / n;
        float[] p = prediction.data();
        float[] t = target.data();
        for (int which = 0; which < 2; which++) {
            Node x = which == 0 ? prediction : target;
            if (!x.requiresGrad()) {
                continue;
            }
            double sign = which == 0 ? g : -g;
            float beta = tape.claimGrad(x);
            float[] dx = x.gradData();
            for (int i = 0; i < n; i++) {
                float value = (float) (((double) p[prediction.offset() + i] - t[target.offset() + i]) * sign);
                dx[i] = Elementwise.accumulate(value, beta, dx, i);
            }
        }
    }
}
