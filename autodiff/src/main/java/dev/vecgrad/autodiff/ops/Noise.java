package dev.vecgrad.autodiff.ops;

/** Argument checks shared by the noise ops. */
final class Noise {

    private Noise() {
    }

    static void checkStddev(float stddev) {
        if (!(stddev >= 0f) || Float.isInfinite(stddev)) {
            throw new IllegalArgumentException("noise stddev must be finite and >= 0, got " + stddev);
        }
    }

    static void checkRate(String op, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(op + " rate must be in [0, 1), got " + rate);
        }
    }
}
