package dev.vecgrad.layers.models;

import dev.vecgrad.core.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The options of {@link Sequential#fit}, named as Keras's keyword arguments:
 * <pre>
 *   model.fit(trainX, trainY, Fit.epochs(4000).validationData(testX, testY).verbose(0));
 *   // model.fit(trainX, trainy, validation_data=(testX, testy), epochs=4000, verbose=0)
 * </pre>
 * Defaults as Keras: batch size 32, shuffled every epoch, verbose 1. The seed (the model's
 * unless given) decides the shuffling and the noise of this fit.
 */
public final class Fit {

    private int epochs = 1;
    private int batchSize = 32;
    private Tensor validationX;
    private Tensor validationY;
    private boolean shuffle = true;
    private Long seed;
    private int verbose = 1;
    private PrintStream out = System.out;
    private final List<Callback> callbacks = new ArrayList<>();

    private Fit() {
    }

    /** A fit of {@code epochs} epochs with Keras's other defaults. */
    public static Fit epochs(int epochs) {
        return new Fit().withEpochs(epochs);
    }

    private Fit withEpochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + n);
        }
        this.epochs = n;
        return this;
    }

    public Fit batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /** Data evaluated after every epoch (noise off), logged as {@code val_loss}, {@code val_accuracy}, .... */
    public Fit validationData(Tensor x, Tensor y) {
        this.validationX = Objects.requireNonNull(x, "validation x");
        this.validationY = Objects.requireNonNull(y, "validation y");
        return this;
    }

    public Fit shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Seed for this fit's shuffling and noise (default: the model's seed). */
    public Fit seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** 0: silent; 1: a progress bar per epoch; 2: one line per epoch. */
    public Fit verbose(int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + level);
        }
        this.verbose = level;
        return this;
    }

    /** Where progress goes (standard output by default). */
    public Fit output(PrintStream stream) {
        this.out = Objects.requireNonNull(stream);
        return this;
    }

    public Fit callbacks(Callback... list) {
        this.callbacks.addAll(List.of(list));
        return this;
    }

    int epochs() {
        return epochs;
    }

    int batchSize() {
        return batchSize;
    }

    Tensor validationX() {
        return validationX;
    }

    Tensor validationY() {
        return validationY;
    }

    boolean shuffle() {
        return shuffle;
    }

    Long seed() {
        return seed;
    }

    int verbose() {
        return verbose;
    }

    PrintStream out() {
        return out;
    }

    List<Callback> callbacks() {
        return callbacks;
    }
}
