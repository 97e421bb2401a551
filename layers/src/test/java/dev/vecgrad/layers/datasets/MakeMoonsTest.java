package dev.vecgrad.layers.datasets;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** make_moons against scikit-learn 1.2.1 (CSVs made by the generate.py beside them), as for make_circles. */
class MakeMoonsTest {

    static Stream<String> references() {
        String[] names = {
            "moons_n100_noise0.1_rs1.csv", "moons_n101_noise0.2_rs7.csv", "moons_n1000_noise0.05_rs0.csv",
            "moons_n100_nonoise_noshuffle_rs1.csv", "moons_n57_noise0.3_rs4294967295.csv", "moons_n1_noise0.1_rs3.csv",
        };
        return Stream.of("glibc", "svml").flatMap(v -> Stream.of(names).map(n -> "/datasets/make_moons/" + v + "/" + n));
    }

    @ParameterizedTest
    @MethodSource("references")
    void matchesScikitLearn(String path) throws IOException {
        ReferenceCsv ref = ReferenceCsv.load(path);
        ref.assertMatches(MakeMoons.generate(ref.samples(), ref.noise(), ref.randomState(), ref.shuffle()), 1e-15);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MakeMoons.generate(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> MakeMoons.generate(10, -1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> MakeMoons.generate(10, 0.1, 1L << 32));
    }
}
