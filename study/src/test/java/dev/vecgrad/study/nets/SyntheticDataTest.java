package dev.vecgrad.study.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The CNN and LSTM studies' generated data: shapes, determinism in the seed, what each sample is. */
class SyntheticDataTest {

    @Test
    void shapesAreRingsAndSquaresWithBothLabelsAndAreSeeded() {
        NoisyShapes.ImageSet a = NoisyShapes.generate(200, 12, 0.25, 7);
        assertArrayEquals(new int[] {200, 12, 12, 1}, a.images().shape());
        assertArrayEquals(new int[] {200, 1}, a.labels().shape());
        double ones = 0;
        for (float y : a.labels().data()) {
            assertTrue(y == 0f || y == 1f);
            ones += y;
        }
        assertTrue(ones > 70 && ones < 130, "both classes, about evenly: " + ones);
        assertArrayEquals(a.images().data(), NoisyShapes.generate(200, 12, 0.25, 7).images().data());
        assertFalse(Arrays.equals(a.images().data(), NoisyShapes.generate(200, 12, 0.25, 8).images().data()));
    }

    @Test
    void withoutPixelNoiseARingIsBrightOnItsOutlineAndDarkAtItsCorners() {
        NoisyShapes.ImageSet clean = NoisyShapes.generate(50, 16, 0, 3);
        for (int n = 0; n < 50; n++) {
            float max = 0;
            for (int i = 0; i < 256; i++) {
                max = Math.max(max, clean.images().data()[n * 256 + i]);
            }
            assertTrue(max > 0.5f, "image " + n + " has a visible outline");
        }
    }

    @Test
    void sinesForecastTheNextValueOfTheWave() {
        NoisySines.SequenceSet clean = NoisySines.generate(30, 12, 0, 5);
        assertArrayEquals(new int[] {30, 12, 1}, clean.sequences().shape());
        Tensor x = clean.sequences();
        for (int n = 0; n < 30; n++) {
            // A sine sampled at equal steps obeys s[t+1] = 2 cos(w) s[t] - s[t-1]: recover 2 cos(w)
            // from the first three samples and check the target continues the same recurrence.
            float s0 = x.data()[n * 12], s1 = x.data()[n * 12 + 1], s2 = x.data()[n * 12 + 2];
            if (Math.abs(s1) < 0.2f) {
                continue;
            }
            double twoCos = (s2 + s0) / s1;
            double next = twoCos * x.data()[n * 12 + 11] - x.data()[n * 12 + 10];
            assertEquals(next, clean.targets().data()[n], 1e-3, "sequence " + n);
        }
        assertArrayEquals(NoisySines.generate(30, 12, 0.1, 5).sequences().data(),
                NoisySines.generate(30, 12, 0.1, 5).sequences().data());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("pixel noise must be finite and >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> NoisyShapes.generate(5, 12, -0.1, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoisyShapes.generate(0, 12, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> NoisySines.generate(5, 1, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> NoisySines.generate(5, 12, Double.NaN, 1));
    }
}
