package dev.vecgrad.layers.models;

import dev.vecgrad.autodiff.Param;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keras's {@code EarlyStopping}: stops training when a monitored value has not improved by
 * more than {@code minDelta} for {@code patience} epochs in a row (stopping on the last of them, as Keras). Values whose name contains
 * "loss" improve downwards, the others upwards (Keras's "auto" mode). Optionally puts back
 * the weights of the best epoch.
 */
public final class EarlyStopping implements Callback {

    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBestWeights;
    private double best;
    private int wait;
    private int stoppedEpoch = -1;
    private int bestEpoch = -1;
    private float[][] bestWeights;

    /** Monitors {@code val_loss} with patience 0, as Keras's defaults. */
    public EarlyStopping() {
        this("val_loss", 0, 0, false);
    }

    public EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping minDelta must be finite and >= 0, got " + minDelta);
        }
        Objects.requireNonNull(monitor, "monitor");
        this.monitor = monitor;
        this.minDelta = minDelta;
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    private boolean lowerIsBetter() {
        return monitor.contains("loss");
    }

    @Override
    public void onTrainBegin(Sequential model) {
        best = lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Sequential model) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("EarlyStopping monitors '" + monitor + "', which is not logged; logs have "
                    + logs.keySet());
        }
        boolean improved = lowerIsBetter() ? value < best - minDelta : value > best + minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = snapshot(model.params());
            }
            return;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Sequential model) {
        if (restoreBestWeights && bestWeights != null && stoppedEpoch >= 0) {
            List<Param> params = model.params();
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(bestWeights[i], 0, params.get(i).value().data(), 0, bestWeights[i].length);
            }
        }
    }

    private static float[][] snapshot(List<Param> params) {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            copy[i] = params.get(i).value().toArray();
        }
        return copy;
    }

    /** The epoch (from 0) at which training was stopped, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (from 0) with the best monitored value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
