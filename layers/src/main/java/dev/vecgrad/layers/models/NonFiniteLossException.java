package dev.vecgrad.layers.models;

import java.util.Locale;

/**
 * Training stopped because a batch's loss was NaN or infinite (as Keras's
 * {@code TerminateOnNaN}, but as an error). The History of the epochs completed before it is
 * kept in the exception.
 */
public final class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final transient History history;

    NonFiniteLossException(int epoch, int batch, float loss, History history) {
        super(String.format(Locale.ROOT, "the loss became %s at epoch %d, batch %d (counted from 0); training stopped"
                + " after %d complete epochs", loss, epoch, batch, history.epochs()));
        this.epoch = epoch;
        this.batch = batch;
        this.history = history;
    }

    /** The epoch (from 0) in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** The batch (from 0) of that epoch. */
    public int batch() {
        return batch;
    }

    /** The history of the epochs completed before. */
    public History history() {
        return history;
    }
}
