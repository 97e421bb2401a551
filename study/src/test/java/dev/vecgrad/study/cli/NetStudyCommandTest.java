package dev.vecgrad.study.cli;

import static dev.vecgrad.study.cli.DemoCommandTest.assertImage;
import static dev.vecgrad.study.cli.DemoCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cnn} and {@code lstm} studies from the command line: tables, files, determinism, bad options. */
class NetStudyCommandTest {

    @TempDir
    Path dir;

    @Test
    void theCnnStudyPrintsBothModelsAndWritesItsFiles() throws IOException {
        DemoCommandTest.Result r = run("cnn", "--epochs", "4", "--runs", "2", "--train", "20", "--test", "30",
                "--out", dir.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\nno noise "), r.out());
        assertTrue(r.out().contains("\nGaussianNoise(0.1) after MaxPooling2D "), r.out());
        assertTrue(r.out().contains("test accuracy (95% interval)"), r.out());
        assertImage(dir.resolve("cnn-curves.png"), 1280, 420);
        List<String> history = Files.readAllLines(dir.resolve("cnn-history.csv"));
        assertEquals("model,run,seed,epoch,loss,accuracy,val_loss,val_accuracy", history.get(0));
        assertEquals(1 + 2 * 2 * 4, history.size(), "two models, two runs, four epochs");
        assertEquals(3, Files.readAllLines(dir.resolve("cnn-summary.csv")).size());
        assertTrue(r.out().contains("The 95% intervals"), r.out());
        String html = Files.readString(dir.resolve("cnn-report.html"));
        for (String linked : List.of("cnn-curves.png", "cnn-summary.csv", "cnn-history.csv")) {
            assertTrue(html.contains("\"" + linked + "\""), linked);
        }
        assertTrue(html.contains("GaussianNoise(0.1) after MaxPooling2D"), html);
    }

    @Test
    void theLstmStudyReportsMeanSquaredError() throws IOException {
        DemoCommandTest.Result r = run("lstm", "--epochs", "3", "--runs", "1", "--units", "4", "--train", "10",
                "--test", "10", "--out", dir.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("train MSE"), r.out());
        assertTrue(r.out().contains("\nGaussianNoise(0.5) after LSTM "), r.out());
        assertImage(dir.resolve("lstm-curves.png"), 1280, 420);
        assertEquals("model,run,seed,epoch,loss,val_loss", Files.readAllLines(dir.resolve("lstm-history.csv")).get(0));
    }

    /** Same seed, same figures, whether the runs share two threads or take turns on one. */
    @Test
    void theSameSeedGivesTheSameHistoryOnAnyNumberOfThreads() throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        assertEquals(0, run("lstm", "--epochs", "3", "--runs", "2", "--units", "3", "--train", "12", "--test", "8",
                "--threads", "1", "--out", one.toString(), "--quiet").exit());
        assertEquals(0, run("lstm", "--epochs", "3", "--runs", "2", "--units", "3", "--train", "12", "--test", "8",
                "--threads", "2", "--out", two.toString(), "--quiet").exit());
        assertEquals(Files.readString(one.resolve("lstm-history.csv")), Files.readString(two.resolve("lstm-history.csv")));
    }

    @Test
    void badOptionsAreNamedWithExitCodeTwo() {
        DemoCommandTest.Result stddev = run("cnn", "--stddev", "-1", "--quiet", "--out", dir.toString());
        assertEquals(2, stddev.exit());
        assertTrue(stddev.err().contains("--stddev must be finite and >= 0, got -1.0"), stddev.err());
        DemoCommandTest.Result units = run("lstm", "--units", "0", "--quiet", "--out", dir.toString());
        assertEquals(2, units.exit());
        assertTrue(units.err().contains("--units must be at least 1, got 0"), units.err());
        assertEquals(2, run("lstm", "--epochs", "0", "--out", dir.toString()).exit());
    }
}
