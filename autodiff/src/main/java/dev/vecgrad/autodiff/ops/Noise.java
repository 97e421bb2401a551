package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;

/** Argument checks shared by the noise ops. */
final class Noise {

    private Noise() {
    }

    static void checkStddev(float stddev) {
        if (!(stddev >= 0f) || Float.isInfinite(stddev)) {
            throw new IllegalArgumentException("noise stddev must be finite and >= 0, got " + stddev);
        }
    }

    /** The index of {@code x}'s first draw in its stream: its first sample's place in the pass (see Tape#firstSample). */
    static long firstIndex(Node x) {
        long perSample = x.rank() == 0 || x.dim(0) == 0 ? 0 : x.size() / x.dim(0);
        return x.tape().firstSample() * perSample;
    }

    static void checkRate(String op, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(op + " rate must be in [0, 1), got " + rate);
        }
    }
}
