package dev.vecgrad.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void derivedSeedsDifferByPurposeAndSeed() {
        assertNotEquals(Seeds.derive(1, 1), Seeds.derive(1, 2));
        assertNotEquals(Seeds.derive(1, 1), Seeds.derive(2, 1));
        assertEquals(Seeds.derive(7, 3), Seeds.derive(7, 3));
    }

    @Test
    void permutationsArePermutationsAndReproducible() {
        int[] a = new int[100];
        int[] b = new int[100];
        Seeds.permutation(5, 0, 100, a);
        Seeds.permutation(5, 0, 100, b);
        assertArrayEquals(a, b);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        Seeds.permutation(5, 1, 100, b);
        assertFalse(Arrays.equals(a, b), "another stream, another order");
    }

    @Test
    void everyPositionIsEquallyLikely() {
        // 5 elements, 40,000 permutations: each element lands in each position 8,000 times on
        // average; a chi-square over the 25 cells (16 degrees of freedom) stays below 39.3 (p = 0.001).
        int n = 5;
        int trials = 40_000;
        int[][] counts = new int[n][n];
        int[] p = new int[n];
        for (int t = 0; t < trials; t++) {
            Seeds.permutation(11, t, n, p);
            for (int pos = 0; pos < n; pos++) {
                counts[p[pos]][pos]++;
            }
        }
        double expected = trials / (double) n;
        double chi2 = 0;
        for (int[] row : counts) {
            for (int c : row) {
                chi2 += (c - expected) * (c - expected) / expected;
            }
        }
        assertTrue(chi2 < 39.3, "chi-square " + chi2);
    }
}
