package dev.vecgrad.study.cli;

import static dev.vecgrad.study.cli.DemoCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.layers.datasets.MakeMoons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data}: the study on a user's CSV in place of make_circles, and clear refusals of bad files. */
class DataOptionTest {

    @TempDir
    Path dir;

    @Test
    void theStudyRunsOnAUsersPlanarData() throws IOException {
        Path csv = dir.resolve("moons.csv");
        Files.writeString(csv, MakeMoons.generate(80, 0.2, 3, true).toCsv());
        Path out = dir.resolve("out");
        DemoCommandTest.Result r = run("--data", csv.toString(), "--variants", "a,c", "--epochs", "20", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("The tutorial's study: moons.csv, 30 train / 50 test"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("boundary-a.png")));
        assertTrue(Files.readString(out.resolve("report.html")).contains("moons.csv"));
    }

    @Test
    void dataWithMoreFeaturesSkipsOnlyThePlanePlots() throws IOException {
        StringBuilder csv = new StringBuilder("x0,x1,x2,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(Math.sin(i)).append(',').append(Math.cos(i)).append(',').append(i % 7).append(',')
                    .append(i % 2).append('\n');
        }
        Path file = dir.resolve("three.csv");
        Files.writeString(file, csv);
        Path out = dir.resolve("out3");
        DemoCommandTest.Result r = run("grid", "--data", file.toString(), "--stddev", "0,0.1", "--epochs", "5", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("grid.png")));
        assertFalse(Files.exists(out.resolve("circles.png")));
        DemoCommandTest.Result study = run("--data", file.toString(), "--variants", "b", "--epochs", "5", "--out",
                out.toString(), "--quiet");
        assertEquals(0, study.exit(), study.err());
        assertFalse(Files.exists(out.resolve("boundary-b.png")));
    }

    @Test
    void aBadRowIsReportedWithItsLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "x0,x1,y\n0.1,0.2,1\n0.3,oops,0\n");
        DemoCommandTest.Result r = run("--data", file.toString(), "--out", dir.toString(), "--quiet");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.csv line 3, column 2 (x1): 'oops' is not a number"), r.err());
        Path few = dir.resolve("few.csv");
        Files.writeString(few, "1,2,1\n");
        DemoCommandTest.Result small = run("--data", few.toString(), "--out", dir.toString(), "--quiet");
        assertEquals(2, small.exit());
        assertTrue(small.err().contains("needs more than 30 rows; got 1"), small.err());
        DemoCommandTest.Result missing = run("--data", dir.resolve("none.csv").toString(), "--out", dir.toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("none.csv: no such file"), missing.err());
        DemoCommandTest.Result folder = run("--data", dir.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, folder.exit(), folder.err());
        assertTrue(folder.err().contains("not a readable file"), folder.err());
    }
}
