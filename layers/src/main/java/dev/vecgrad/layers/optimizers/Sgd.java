package dev.vecgrad.layers.optimizers;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.kernels.Kernels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent as Keras's {@code SGD}: with momentum,
 * {@code v = momentum * v - lr * g; p += v}, and with Nesterov momentum
 * {@code p += momentum * v - lr * g} (after updating v). Keras's default learning rate is 0.01.
 */
public final class Sgd extends Optimizer {

    private final float learningRate;
    private final float momentum;
    private final boolean nesterov;
    private float[][] velocity;

    public Sgd() {
        this(0.01);
    }

    public Sgd(double learningRate) {
        this(learningRate, 0, false);
    }

    public Sgd(double learningRate, double momentum, boolean nesterov) {
        checkLearningRate(learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = (float) learningRate;
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void createState(List<Param> params) {
        velocity = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            velocity[i] = new float[params.get(i).size()];
        }
    }

    /** SGD without momentum keeps nothing between steps. */
    @Override
    protected List<String> slotNames() {
        return momentum == 0f ? List.of() : List.of("velocity");
    }

    @Override
    protected Map<String, float[][]> slots() {
        return momentum == 0f ? Map.of() : Map.of("velocity", velocity);
    }

    @Override
    protected void update(List<Param> params, Kernels kernels, long t) {
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            int n = p.size();
            float[] w = p.value().data();
            float[] g = p.gradData();
            if (momentum == 0f) {
                kernels.axpby(n, -learningRate, g, 0, 1f, w, 0);
                continue;
            }
            float[] vel = velocity[i];
            kernels.axpby(n, -learningRate, g, 0, momentum, vel, 0);          // vel = momentum * vel - lr * g
            if (nesterov) {
                kernels.axpby(n, momentum, vel, 0, 1f, w, 0);
                kernels.axpby(n, -learningRate, g, 0, 1f, w, 0);
            } else {
                kernels.axpby(n, 1f, vel, 0, 1f, w, 0);
            }
        }
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + ", momentum=" + momentum + ", nesterov=" + nesterov + ")";
    }

    @Override
    public Map<String, Object> config() {
        var c = new LinkedHashMap<String, Object>();
        c.put("name", "sgd");
        c.put("learning_rate", learningRate);
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }
}
