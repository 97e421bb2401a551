package dev.vecgrad.autodiff.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** The binary cross-entropy's smooth term against {@code Math.log1p}, which it replaces for speed. */
class LossTermProperties {

    /**
     * Goldberg's bound is 5 units of double rounding with an exactly rounded log; {@code Math.log}
     * may be 1 ulp off and {@code Math.log1p} itself 1 ulp: 8 ulps of the result covers both.
     */
    private static final int ULPS = 8;

    @Property(tries = 3000)
    void log1pExpMinusAbsIsLog1pOfExp(@ForAll @DoubleRange(min = -800, max = 800) double z) {
        assertCloseToLog1p(z);
    }

    /** Small |z| (t near 1), and logits so large that exp(-|z|) is tiny or subnormal, where log(1 + t) alone would lose t. */
    @Example
    void holdsAtTheEnds() {
        for (double z : new double[] {0, -0.0, 1e-300, 1e-17, 1e-9, 0.5, 0.69, 36, 37.5, 40, 100, 700, 745, 746, 1e30,
                Double.MAX_VALUE}) {
            assertCloseToLog1p(z);
            assertCloseToLog1p(-z);
        }
        assertEquals(0.0, SigmoidBinaryCrossEntropy.log1pExpMinusAbs(1e30));
        assertEquals(Math.log(2), SigmoidBinaryCrossEntropy.log1pExpMinusAbs(0), Math.ulp(Math.log(2)));
    }

    private static void assertCloseToLog1p(double z) {
        double expected = Math.log1p(Math.exp(-Math.abs(z)));
        double got = SigmoidBinaryCrossEntropy.log1pExpMinusAbs(z);
        assertTrue(Math.abs(got - expected) <= ULPS * Math.ulp(expected),
                "z " + z + ": " + got + " against log1p's " + expected);
    }
}
