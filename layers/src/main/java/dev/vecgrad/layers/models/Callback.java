package dev.vecgrad.layers.models;

import java.util.Map;

/**
 * Called by {@link Sequential#fit}, as a Keras callback. A callback may stop training by
 * calling {@link Sequential#stopTraining()}.
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(Sequential model) {
    }

    /**
     * After each epoch, with the epoch's logs ({@code loss}, {@code accuracy}, {@code val_loss},
     * {@code val_accuracy}, ...).
     *
     * @param epoch counted from 0, as in Keras
     */
    default void onEpochEnd(int epoch, Map<String, Double> logs, Sequential model) {
    }

    /** After the last epoch. */
    default void onTrainEnd(Sequential model) {
    }
}
