package dev.vecgrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void zerosHasShapeAndSize() {
        Tensor t = Tensor.zeros(3, 4, 5);
        assertArrayEquals(new int[] {3, 4, 5}, t.shape());
        assertEquals(60, t.size());
        assertEquals(3, t.rank());
        assertEquals(5, t.dim(-1));
        assertEquals(0f, t.get(2, 3, 4));
    }

    @Test
    void rowMajorIndexing() {
        Tensor t = Tensor.wrap(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5f, t.get(1, 2));
        assertEquals(3f, t.get(1, 0));
        t.set(9f, 0, 1);
        assertEquals(9f, t.data()[1]);
    }

    @Test
    void reshapeSharesTheArray() {
        Tensor t = Tensor.zeros(2, 6);
        Tensor r = t.reshape(3, -1);
        assertArrayEquals(new int[] {3, 4}, r.shape());
        assertSame(t.data(), r.data());
        r.set(7f, 2, 3);
        assertEquals(7f, t.get(1, 5));
    }

    @Test
    void rowsViewSharesTheArrayAtAnOffset() {
        Tensor t = Tensor.wrap(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2);
        Tensor v = t.rows(1, 3);
        assertArrayEquals(new int[] {2, 2}, v.shape());
        assertEquals(2, v.offset());
        assertArrayEquals(new float[] {2, 3, 4, 5}, v.toArray());
        v.set(-1f, 0, 0);
        assertEquals(-1f, t.get(1, 0));
    }

    @Test
    void badShapesAreRejectedWithTheShapeInTheMessage() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -3));
        assertTrue(negative.getMessage().contains("(2, -3)"), negative.getMessage());

        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(new float[5], 2, 3));
        assertTrue(wrongLength.getMessage().contains("length 5"), wrongLength.getMessage());
        assertTrue(wrongLength.getMessage().contains("(2, 3)"), wrongLength.getMessage());

        IllegalArgumentException reshape = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(reshape.getMessage().contains("(2, 3)") && reshape.getMessage().contains("(4, 2)"),
                reshape.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(100_000, 100_000));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[10], 8, 3));
    }

    @Test
    void outOfRangeIndexNamesTheShape() {
        Tensor t = Tensor.zeros(2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.rows(1, 3));
    }

    @Test
    void ofCopiesRowsAndRejectsRaggedOnes() {
        Tensor t = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertEquals(4f, t.get(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void copyFromChecksShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.full(1.5f, 3, 2);
        assertThrows(IllegalArgumentException.class, () -> a.copyFrom(b));
        a.copyFrom(b.reshape(2, 3));
        assertEquals(1.5f, a.get(1, 2));
    }

    @Test
    void shapesPrintLikeNumpy() {
        assertEquals("(3,)", Shapes.format(3));
        assertEquals("(30, 500)", Shapes.format(30, 500));
        assertEquals("()", Shapes.format());
    }
}
