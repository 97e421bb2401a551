package dev.vecgrad.layers.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
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
    void namesAndConstants() {
        Tensor t = Tensor.zeros(3);
        Initializer.of("ones").initialize(t, 1, 1, KernelProvider.get(), 0, 0);
        assertEquals(1f, t.get(2));
        assertThrows(IllegalArgumentException.class, () -> Initializer.of("orthogonalish"));
        assertThrows(IllegalArgumentException.class, () -> new Constant(Float.NaN));
    }
}
