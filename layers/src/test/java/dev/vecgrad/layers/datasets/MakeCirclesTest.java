package dev.vecgrad.layers.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * make_circles against scikit-learn 1.2.1's output: the shared reference CSVs (SVML and
 * glibc trigonometry) and extra edge cases generated the same way. Labels and row order must
 * match exactly; coordinates within 1e-15 (the SVML and glibc sets themselves differ by up
 * to 4.4e-16: the last bits of cos and sin depend on the math library).
 */
class MakeCirclesTest {

    static Stream<String> references() {
        String[] names = {
            "circles_n100_noise0.1_rs1.csv", "circles_n1000_noise0.05_rs0_f0.5.csv",
            "circles_n100_nonoise_noshuffle_rs1.csv",
        };
        String[] extra = {
            "circles_n1_noise0.1_rs3.csv", "circles_n2_noise0.1_rs3.csv", "circles_n101_noise0.2_rs7_f0.3.csv",
            "circles_n57_noise0.1_rs123_f0.8.csv", "circles_n64_noise0.0_rs4294967295_f0.0.csv",
        };
        return Stream.concat(
                Stream.of("glibc", "svml").flatMap(v -> Stream.of(names).map(n -> "/datasets/make_circles/" + v + "/" + n)),
                Stream.of("glibc", "svml").flatMap(v -> Stream.of(extra).map(n -> "/datasets/make_circles/extra/" + v + "/" + n)));
    }

    @ParameterizedTest
    @MethodSource("references")
    void matchesScikitLearn(String path) throws IOException {
        ReferenceCsv ref = ReferenceCsv.load(path);
        Dataset generated = MakeCircles.generate(ref.samples(), ref.noise(), ref.randomState(), ref.factor(), ref.shuffle());
        ref.assertMatches(generated, 1e-15);
    }

    @Test
    void theTutorialsDatasetIsBitExactAgainstGlibc() throws IOException {
        // Java's Math.cos, sin and log agree with glibc on all 300 cells of the tutorial's data.
        ReferenceCsv ref = ReferenceCsv.load("/datasets/make_circles/glibc/circles_n100_noise0.1_rs1.csv");
        int exact = ref.assertMatches(MakeCircles.generate(100, 0.1, 1), 0.0);
        assertEquals(200, exact);
    }

    @Test
    void anOddCountPutsTheExtraPointOnTheInnerCircle() {
        Dataset d = MakeCircles.generate(5, null, 0, 0.5, false);
        int inner = 0;
        for (int i = 0; i < 5; i++) {
            inner += d.label(i);
        }
        assertEquals(3, inner);
        assertEquals(0.5, Math.hypot(d.x(4, 0), d.x(4, 1)), 1e-15);
    }

    @Test
    void badArgumentsAreRejectedAsScikitLearnDoes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(100, 0.1, 1, 1.0, true))
                .getMessage().contains("factor"));
        assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(100, 0.1, 1, -0.1, true));
        assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(100, 0.1, 1, Double.NaN, true));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(100, -0.1, 1))
                .getMessage().contains("noise"));
        assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(100, Double.NaN, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(0, 0.1, 1))
                .getMessage().contains("n_samples"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(10, 0.1, 1L << 32))
                .getMessage().contains("2**32 - 1"));
        assertThrows(IllegalArgumentException.class, () -> MakeCircles.generate(10, 0.1, -1));
    }

    @Test
    void csvParsesBackToTheSameDoubles() {
        Dataset d = MakeCircles.generate(100, 0.1, 1);
        String[] lines = d.toCsv().split("\n");
        assertEquals("x0,x1,y", lines[0]);
        for (int i = 0; i < 100; i++) {
            String[] cells = lines[i + 1].split(",");
            assertEquals(d.x(i, 0), Double.parseDouble(cells[0]), 0.0);
            assertEquals(d.x(i, 1), Double.parseDouble(cells[1]), 0.0);
            assertEquals(d.label(i), Integer.parseInt(cells[2]));
        }
    }
}
