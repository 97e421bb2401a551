package dev.vecgrad.core.kernels;

import static dev.vecgrad.core.kernels.TestArrays.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bands of rows on several threads give exactly the single-threaded result: each band runs
 * the same kernel path on its rows (bands are at least 16 rows, so the packed path stays the
 * packed path), and an element's sum does not depend on which rows share its call.
 */
class ParallelGemmTest {

    @Test
    void bandsOnThreadsMatchOneThreadBitForBit() {
        SplittableRandom r = new SplittableRandom(7);
        for (Kernels kernels : new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()}) {
            try (ParallelGemm parallel = new ParallelGemm(kernels, 3)) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        int m = 261, n = 203, k = 300;
                        assertTrue(parallel.bands(m, n, k) == 3, "the shape must be large enough for three bands");
                        float[] a = TestArrays.uniform(r, m * k + 5, 1f);
                        float[] b = TestArrays.uniform(r, k * n + 5, 1f);
                        float[] c = TestArrays.uniform(r, m * n + 7, 1f);
                        int lda = transA ? m : k, ldb = transB ? k : n;
                        float[] expected = c.clone();
                        kernels.gemm(transA, transB, m, n, k, 0.5f, a, 2, lda, b, 3, ldb, 0.25f, expected, 4, n);
                        float[] actual = c.clone();
                        parallel.gemm(transA, transB, m, n, k, 0.5f, a, 2, lda, b, 3, ldb, 0.25f, actual, 4, n);
                        assertSameBits(expected, actual, kernels.name() + " transA=" + transA + " transB=" + transB);
                    }
                }
            }
        }
    }

    @Test
    void smallProductsStayOnTheCallingThread() {
        try (ParallelGemm parallel = new ParallelGemm(KernelProvider.scalar(), 2)) {
            assertEquals(1, parallel.bands(30, 500, 2), "the case study's products are far below the threshold");
            assertEquals(1, parallel.bands(20, 4000, 4000), "fewer than two row grains of rows");
            assertEquals(2, parallel.bands(1024, 1024, 1024));
        }
    }

    @Test
    void badArgumentsAreNamed() {
        try (ParallelGemm parallel = new ParallelGemm(KernelProvider.scalar(), 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parallel.gemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4,
                            0f, new float[16], 0, 4));
            assertTrue(e.getMessage().contains("gemm A"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ParallelGemm(KernelProvider.scalar(), 0));
    }
}
