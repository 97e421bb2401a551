package dev.vecgrad.core.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Output sizes and padding against TensorFlow's documented rule: "valid" gives
 * {@code floor((in - window) / stride) + 1}, "same" gives {@code ceil(in / stride)} and pads
 * {@code max((out - 1) * stride + window - in, 0)} in total, the smaller half at the top/left.
 */
class Window2dTest {

    @Test
    void validPaddingUsesOnlyWholeWindows() {
        Window2d w = Window2d.of(28, 27, 1, 3, 3, 1, 1, Padding.VALID);
        assertEquals(26, w.outHeight());
        assertEquals(25, w.outWidth());
        assertEquals(0, w.padTop());
        assertEquals(9, w.patchSize());
        Window2d strided = Window2d.of(7, 8, 2, 3, 2, 2, 3, Padding.VALID);
        assertEquals(3, strided.outHeight());   // (7 - 3) / 2 + 1
        assertEquals(3, strided.outWidth());    // (8 - 2) / 3 + 1
    }

    @Test
    void samePaddingPutsTheOddElementAtTheBottomRight() {
        Window2d even = Window2d.of(4, 5, 1, 3, 3, 2, 2, Padding.SAME);
        assertEquals(2, even.outHeight());      // ceil(4 / 2); pad total (2-1)*2 + 3 - 4 = 1
        assertEquals(0, even.padTop());         // the one padding row goes to the bottom
        assertEquals(3, even.outWidth());       // ceil(5 / 2); pad total (3-1)*2 + 3 - 5 = 2
        assertEquals(1, even.padLeft());
        Window2d unit = Window2d.of(6, 6, 3, 5, 4, 1, 1, Padding.SAME);
        assertEquals(6, unit.outHeight());
        assertEquals(2, unit.padTop());         // total 4
        assertEquals(1, unit.padLeft());        // total 3
        Window2d wide = Window2d.of(3, 3, 1, 1, 1, 3, 3, Padding.SAME);
        assertEquals(1, wide.outHeight());
        assertEquals(0, wide.padTop());         // (1-1)*3 + 1 - 3 < 0: no padding
    }

    @Test
    void badGeometryIsNamed() {
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> Window2d.of(2, 5, 1, 3, 3, 1, 1, Padding.VALID));
        assertEquals("a 3x3 window does not fit a 2x5 input with valid padding", tooBig.getMessage());
        IllegalArgumentException stride = assertThrows(IllegalArgumentException.class,
                () -> Window2d.of(5, 5, 1, 3, 3, 0, 1, Padding.VALID));
        assertEquals("stride height must be >= 1, got 0", stride.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Padding.of("full"));
        assertEquals(Padding.SAME, Padding.of(" Same "));
    }
}
