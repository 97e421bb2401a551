package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Tape;
import java.util.function.BiConsumer;

/**
 * A batch cut into contiguous parts of samples, one per thread of the tape's team: for the
 * ops whose every sample is computed on its own (a convolution's output, a pooling, noise
 * drawn by element index), so any cut gives the same bits.
 */
final class BatchParts {

    private BatchParts() {
    }

    /**
     * The fewest rows a part of a matrix product gets: the kernels give products of a few rows
     * a path of their own, so parts at least this tall take the same path as the whole, and
     * every row's sums come out as on one thread.
     */
    static final int MIN_PRODUCT_ROWS = 16;

    /** Calls {@code part.accept(from, to)} for sample ranges covering {@code [0, batch)}, on the team's threads. */
    static void run(Tape tape, int batch, BiConsumer<Integer, Integer> part) {
        run(tape, batch, Math.min(tape.team().size(), batch), part);
    }

    /**
     * As {@link #run(Tape, int, BiConsumer)} for the rows of a matrix product: no part shorter
     * than {@link #MIN_PRODUCT_ROWS}, so a short product stays whole on the caller's thread.
     */
    static void runProductRows(Tape tape, int rows, BiConsumer<Integer, Integer> part) {
        run(tape, rows, Math.min(tape.team().size(), rows / MIN_PRODUCT_ROWS), part);
    }

    private static void run(Tape tape, int total, int parts, BiConsumer<Integer, Integer> part) {
        if (parts <= 1) {
            part.accept(0, total);
            return;
        }
        tape.team().run(parts, i -> part.accept(from(total, parts, i), from(total, parts, i + 1)));
    }

    private static int from(int batch, int parts, int i) {
        return (int) ((long) batch * i / parts);
    }
}
