package dev.vecgrad.layers.optimizers;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.kernels.Kernels;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Updates parameters from their gradients, one step per batch. An optimizer keeps per-
 * parameter state (Adam's moments, SGD's velocity) for the parameter list it first sees;
 * use one optimizer per model.
 */
public abstract class Optimizer {

    private List<Param> params;
    private long iterations;

    /** Applies one update to every parameter from its gradient. */
    public final void step(List<Param> params, Kernels kernels) {
        if (this.params == null) {
            this.params = List.copyOf(params);
            createState(this.params);
        } else if (!this.params.equals(params)) {
            throw new IllegalStateException(getClass().getSimpleName() + " already serves another model's parameters");
        }
        iterations++;
        update(this.params, kernels, iterations);
    }

    /** How many steps have been taken, Keras's {@code optimizer.iterations}. */
    public long iterations() {
        return iterations;
    }

    /** Allocates per-parameter state, once. */
    protected abstract void createState(List<Param> params);

    /** Step number {@code t} (from 1) on every parameter. */
    protected abstract void update(List<Param> params, Kernels kernels, long t);

    /** An optimizer by Keras name with Keras's defaults: {@code adam}, {@code sgd}. */
    public static Optimizer of(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "adam":
                return new Adam();
            case "sgd":
                return new Sgd();
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "': use adam or sgd");
        }
    }

    static void checkLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + lr);
        }
    }

    /**
     * The optimizer's name and hyper-parameters, Keras style ({@code {"name": "adam",
     * "learning_rate": 0.001, ...}}), for a model file; its running state is not included.
     */
    public abstract Map<String, Object> config();
}
