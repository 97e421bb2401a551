package dev.vecgrad.layers.optimizers;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.kernels.Kernels;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /**
     * The running state a checkpoint keeps, besides {@link #iterations()}: each slot by name
     * ({@code m} and {@code v} for Adam, {@code velocity} for SGD), one array per parameter in
     * the parameters' order. Live arrays, not copies; empty before the first step.
     */
    public final Map<String, float[][]> state() {
        return params == null ? Map.of() : slots();
    }

    /**
     * Takes up a checkpoint's state for {@code params}: the step count and every slot's arrays
     * (copied), as {@link #state()} gave them. Checked whole before anything changes: the slot
     * names and every array's length must be this optimizer's for these parameters.
     */
    public final void restoreState(List<Param> params, long iterations, Map<String, float[][]> state) {
        if (iterations < 0) {
            throw new IllegalArgumentException("optimizer iterations must be >= 0, got " + iterations);
        }
        List<Param> list = List.copyOf(params);
        if (iterations == 0 && state.isEmpty()) {
            // Saved before its first step: nothing to take up, the optimizer starts afresh.
            this.params = null;
            this.iterations = 0;
            return;
        }
        if (!Set.copyOf(slotNames()).equals(state.keySet())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " keeps " + slotNames()
                    + ", the checkpoint holds " + state.keySet());
        }
        for (Map.Entry<String, float[][]> slot : state.entrySet()) {
            float[][] given = slot.getValue();
            if (given.length != list.size()) {
                throw new IllegalArgumentException("optimizer slot " + slot.getKey() + " has " + given.length
                        + " arrays for " + list.size() + " parameters");
            }
            for (int i = 0; i < given.length; i++) {
                if (given[i].length != list.get(i).size()) {
                    throw new IllegalArgumentException("optimizer slot " + slot.getKey() + " of " + list.get(i).name()
                            + " has " + given[i].length + " values for " + list.get(i).size() + " weights");
                }
            }
        }
        this.params = list;
        createState(list);
        for (Map.Entry<String, float[][]> slot : slots().entrySet()) {
            float[][] given = state.get(slot.getKey());
            for (int i = 0; i < given.length; i++) {
                System.arraycopy(given[i], 0, slot.getValue()[i], 0, given[i].length);
            }
        }
        this.iterations = iterations;
    }

    /** Allocates per-parameter state, once. */
    protected abstract void createState(List<Param> params);

    /** The names of the slots {@link #slots} gives, in its order: one array per parameter each. */
    protected abstract List<String> slotNames();

    /** The slots {@link #createState} allocated, by name, in {@link #slotNames}' order. */
    protected abstract Map<String, float[][]> slots();

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
