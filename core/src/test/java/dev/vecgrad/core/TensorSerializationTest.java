package dev.vecgrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** A tensor crosses JVMs (a study's data and results, as Spark tasks) as its shape and its own elements. */
class TensorSerializationTest {

    private static byte[] write(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    @Test
    void aTensorComesBackWithItsShapeAndEveryBit() throws Exception {
        float[] values = {1.5f, -0f, Float.NaN, Float.MIN_VALUE, -3e38f, 7f};
        Tensor t = Tensor.wrap(values.clone(), 2, 3);
        Tensor back = (Tensor) read(write(t));
        assertArrayEquals(new int[] {2, 3}, back.shape());
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back.data()[back.offset() + i]));
        }
    }

    @Test
    void aViewTakesOnlyItsOwnElementsAlong() throws Exception {
        Tensor big = Tensor.zeros(1000, 100);
        big.set(4f, 500, 0);
        Tensor row = big.rows(500, 501);
        byte[] bytes = write(row);
        assertTrue(bytes.length < 1000, "a 100-element view wrote " + bytes.length + " bytes");
        Tensor back = (Tensor) read(bytes);
        assertArrayEquals(new int[] {1, 100}, back.shape());
        assertEquals(0, back.offset());
        assertEquals(100, back.data().length);
        assertEquals(4f, back.get(0, 0));
    }
}
