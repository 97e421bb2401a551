package dev.vecgrad.autodiff;

import java.util.ArrayList;

/**
 * The buffers of one step, handed out again at the next step instead of reallocated.
 *
 * <p>A training step asks for the same sizes in the same order every time, so buffer
 * {@code i} of this step can be buffer {@code i} of the last one. A request larger than
 * the buffer in its place replaces it (so a step with a larger batch, such as evaluation
 * on the test rows, grows the buffers once); after one step of each kind nothing is
 * allocated. Buffers may be longer than asked for: callers use the size they asked for,
 * never {@code length}.
 */
final class StepArena {

    private final ArrayList<float[]> buffers = new ArrayList<>();
    private int next;

    /** A buffer of at least {@code size} floats. Its contents are stale: write before reading. */
    float[] take(int size) {
        if (next < buffers.size()) {
            float[] reused = buffers.get(next);
            if (reused.length >= size) {
                next++;
                return reused;
            }
        }
        float[] fresh = new float[size];
        if (next < buffers.size()) {
            buffers.set(next, fresh);
        } else {
            buffers.add(fresh);
        }
        next++;
        return fresh;
    }

    /** Makes every buffer available again, in the same order. */
    void reset() {
        next = 0;
    }

    /** Floats held, for tests and diagnostics. */
    long capacity() {
        long total = 0;
        for (float[] b : buffers) {
            total += b.length;
        }
        return total;
    }
}
