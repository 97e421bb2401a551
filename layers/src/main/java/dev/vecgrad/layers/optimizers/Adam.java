package dev.vecgrad.layers.optimizers;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.kernels.Kernels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) as Keras implements it, with Keras's defaults: learning rate
 * 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. The bias corrections are folded into the step
 * size, {@code lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)}, and epsilon is added to
 * {@code sqrt(v)} without v's correction ("epsilon hat"); PyTorch instead adds it after the
 * correction, which is the same thing with a different epsilon.
 */
public final class Adam extends Optimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private float[][] m;
    private float[][] v;

    /** Keras's defaults. */
    public Adam() {
        this(0.001);
    }

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        checkLearningRate(learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Adam epsilon must be finite and >= 0, got " + epsilon);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    protected void createState(List<Param> params) {
        m = new float[params.size()][];
        v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).size()];
            v[i] = new float[params.get(i).size()];
        }
    }

    @Override
    protected Map<String, float[][]> slots() {
        Map<String, float[][]> slots = new LinkedHashMap<>();
        slots.put("m", m);
        slots.put("v", v);
        return slots;
    }

    @Override
    protected List<String> slotNames() {
        return List.of("m", "v");
    }

    @Override
    protected void update(List<Param> params, Kernels kernels, long t) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        // The powers of the float32 betas, as Keras takes them; the rest in double, rounded once.
        double stepSize = learningRate * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            kernels.adamUpdate(p.size(), p.value().data(), 0, p.gradData(), 0, m[i], 0, v[i], 0,
                    b1, b2, (float) stepSize, (float) epsilon);
        }
    }

    @Override
    public String toString() {
        return "Adam(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
    }

    @Override
    public Map<String, Object> config() {
        var c = new LinkedHashMap<String, Object>();
        c.put("name", "adam");
        c.put("learning_rate", learningRate);
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }
}
