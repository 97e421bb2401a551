package dev.vecgrad.layers.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitializerTest {

    @Test
    void glorotUniformHasItsLimitAndVariance() {
        Tensor w = Tensor.zeros(300, 500);
        new GlorotUniform().initialize(w, 300, 500, KernelProvider.get(), 1, 0);
        double limit = Math.sqrt(6.0 / 800);
        double sum = 0;
        double sq = 0;
        for (float v : w.toArray()) {
            assertTrue(Math.abs(v) <= limit);
            sum += v;
            sq += v * v;
        }
        int n = w.size();
        assertEquals(0, sum / n, 5 * limit / Math.sqrt(3 * n));
        assertEquals(limit * limit / 3, sq / n, 0.01 * limit * limit);      // variance of U(-a, a) is a^2/3
    }

    @Test
    void heNormalIsATruncatedNormalWithKerasScale() {
        Tensor w = Tensor.zeros(400, 400);
        new HeNormal().initialize(w, 400, 400, KernelProvider.get(), 1, 0);
        double target = Math.sqrt(2.0 / 400);
        double sq = 0;
        for (float v : w.toArray()) {
            assertTrue(Math.abs(v) <= 2 * target / 0.87962566103423978 + 1e-6, "truncated at two stddevs");
            sq += v * v;
        }
        assertEquals(target, Math.sqrt(sq / w.size()), 0.01 * target);
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumnsTimesTheGain() {
        for (int[] shape : new int[][] {{7, 3}, {3, 7}, {5, 5}, {2, 3, 4}}) {
            Tensor w = Tensor.zeros(shape);
            new Orthogonal(2.0).initialize(w, 0, 0, KernelProvider.get(), 9, 1);
            int cols = shape[shape.length - 1];
            int rows = w.size() / cols;
            boolean byRows = rows <= cols;
            int count = byRows ? rows : cols;
            int length = byRows ? cols : rows;
            for (int a = 0; a < count; a++) {
                for (int b = 0; b < count; b++) {
                    double dot = 0;
                    for (int k = 0; k < length; k++) {
                        dot += (double) at(w, byRows, a, k, cols) * at(w, byRows, b, k, cols);
                    }
                    assertEquals(a == b ? 4.0 : 0.0, dot, 1e-5, Arrays.toString(shape) + " " + a + "." + b);
                }
            }
        }
        assertEquals("orthogonal", Initializer.of("orthogonal").toString());
    }

    private static float at(Tensor w, boolean byRows, int vector, int k, int cols) {
        return byRows ? w.data()[vector * cols + k] : w.data()[k * cols + vector];
    }

    @Test
    void namesAndConstants() {
        Tensor t = Tensor.zeros(3);
        Initializer.of("ones").initialize(t, 1, 1, KernelProvider.get(), 0, 0);
        assertEquals(1f, t.get(2));
        assertThrows(IllegalArgumentException.class, () -> Initializer.of("orthogonalish"));
        assertThrows(IllegalArgumentException.class, () -> new Constant(Float.NaN));
    }
}
