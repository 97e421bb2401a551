package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Tape;
import java.util.function.BiConsumer;

/**
 * A batch of images cut into contiguous parts, one per thread of the tape's team: for the
 * ops whose every image is computed on its own (a convolution's output and input gradient, a
 * pooling), so any cut gives the same bits.
 */
final class ImageParts {

    private ImageParts() {
    }

    /** Calls {@code part.accept(from, to)} for image ranges covering {@code [0, batch)}, on the team's threads. */
    static void run(Tape tape, int batch, BiConsumer<Integer, Integer> part) {
        int parts = Math.min(tape.team().size(), batch);
        if (parts <= 1) {
            part.accept(0, batch);
            return;
        }
        tape.team().run(parts, i -> part.accept(from(batch, parts, i), from(batch, parts, i + 1)));
    }

    private static int from(int batch, int parts, int i) {
        return (int) ((long) batch * i / parts);
    }
}
