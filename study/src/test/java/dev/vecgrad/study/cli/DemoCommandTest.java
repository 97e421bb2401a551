package dev.vecgrad.study.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's command line, run in-process: its options, its exit codes and the files it writes. */
class DemoCommandTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Studies.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @TempDir
    static Path shared;
    static Path studyDir;
    static Result study;

    /** One short study for the file checks: every variant, 2 runs, 60 epochs. */
    @BeforeAll
    static void runAShortStudy() {
        studyDir = shared.resolve("study");
        study = run("--variants", "a,b,c,d,e", "--runs", "2", "--epochs", "60", "--threads", "2", "--out",
                studyDir.toString(), "--quiet");
    }

    /** Without --runs the study repeats every variant ten times: a table with intervals, not one noisy draw. */
    @Test
    void theDefaultIsTenRunsPerVariant() {
        Result r = run("--variants", "a,d", "--epochs", "3", "--out", shared.resolve("default").toString(), "--quiet",
                "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2 * 10, r.out().split("\"index\": ").length - 1, r.out());
    }

    @Test
    void theStudyPrintsItsTableBesideTheTutorials() {
        assertEquals(0, study.exit(), study.err());
        assertTrue(study.out().contains("1.000 / 0.757"), study.out());
        assertTrue(study.out().contains("[0."), "a 95% interval with 2 runs: " + study.out());
        for (String id : List.of("a ", "b ", "c ", "d ", "e ")) {
            assertTrue(study.out().contains("\n" + id), id + " in " + study.out());
        }
    }

    @Test
    void theKernelChoiceIsShownInOneLineOnStandardError() {
        long lines = study.err().lines().filter(l -> l.startsWith("vecgrad: kernels = ")).count();
        assertEquals(1, lines, study.err());
        assertTrue(study.err().contains("vecgrad: kernels = simd"), "surefire runs with the module: " + study.err());
    }

    @Test
    void everyOutputFileIsWritten() {
        List<String> expected = new ArrayList<>(List.of("circles.png", "curves.png", "summary.csv",
                "summary.json", "report.html"));
        for (String v : List.of("a", "b", "c", "d", "e")) {
            expected.add("curves-" + v + ".png");
            expected.add("boundary-" + v + ".png");
            expected.add("history-" + v + ".csv");
        }
        for (String file : expected) {
            assertTrue(Files.isRegularFile(studyDir.resolve(file)), file);
        }
    }

    @Test
    void plotsDecodeAtTheirSizeAndAreNotBlank() throws IOException {
        assertImage(studyDir.resolve("circles.png"), 700, 600);
        assertImage(studyDir.resolve("curves-c.png"), 700, 420);
        assertImage(studyDir.resolve("boundary-a.png"), 760, 640);
        assertImage(studyDir.resolve("curves.png"), 1400, 1260);
    }

    static void assertImage(Path file, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(width, image.getWidth(), file.toString());
        assertEquals(height, image.getHeight(), file.toString());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, file + " has only " + colours.size() + " colours: blank?");
    }

    @Test
    void theReportLinksOnlyToFilesThatExist() throws IOException {
        String html = Files.readString(studyDir.resolve("report.html"));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int links = 0;
        while (m.find()) {
            String target = m.group(1);
            assertFalse(target.startsWith("http") || target.startsWith("/"), "an external or absolute link: " + target);
            assertTrue(Files.isRegularFile(studyDir.resolve(target)), "report.html links to missing " + target);
            links++;
        }
        assertTrue(links >= 19, "links: " + links);
        assertFalse(html.contains("<script"), "no scripts");
    }

    @Test
    void theHistoryCsvHasAllEpochsAndKerasKeys() throws IOException {
        List<String> lines = Files.readAllLines(studyDir.resolve("history-c.csv"));
        assertEquals("epoch,loss_mean,loss_std,accuracy_mean,accuracy_std,val_loss_mean,val_loss_std,val_accuracy_mean,"
                + "val_accuracy_std", lines.get(0));
        assertEquals(61, lines.size());
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        Result one = run("--variants", "a,c", "--runs", "3", "--epochs", "40", "--threads", "1", "--json", "--quiet",
                "--out", shared.resolve("t1").toString());
        Result two = run("--variants", "a,c", "--runs", "3", "--epochs", "40", "--threads", "2", "--json", "--quiet",
                "--out", shared.resolve("t2").toString());
        assertEquals(0, one.exit(), one.err());
        assertEquals(0, two.exit(), two.err());
        assertTrue(one.out().trim().startsWith("{") && one.out().trim().endsWith("}"), "one JSON document: " + one.out());
        assertEquals(withoutTimings(one.out()), withoutTimings(two.out()));
        assertTrue(one.out().contains("\"seed\""), one.out());
    }

    /** The JSON without its wall-clock fields (any member whose name contains "seconds"). */
    static String withoutTimings(String json) {
        return json.replaceAll("\"[a-z_]*seconds[a-z_]*\": [0-9.eE-]+,?", "");
    }

    @Test
    void theGridFindsABestStddev(@TempDir Path dir) throws IOException {
        Result grid = run("grid", "--where", "post", "--stddev", "0,0.1,0.3", "--epochs", "40", "--runs", "2",
                "--out", dir.toString(), "--quiet");
        assertEquals(0, grid.exit(), grid.err());
        assertTrue(grid.out().contains("<- best"), grid.out());
        assertImage(dir.resolve("grid.png"), 900, 520);
        assertTrue(Files.readString(dir.resolve("summary.csv")).lines().count() == 4);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"best\""));
    }

    @Test
    void circlesPrintsScikitLearnsDataExactly() throws IOException {
        Result circles = run("circles", "--samples", "100", "--noise", "0.1", "--random-state", "1");
        assertEquals(0, circles.exit(), circles.err());
        List<String> got = circles.out().lines().toList();
        List<String> expected;
        try (InputStream in = DemoCommandTest.class.getResourceAsStream("/circles_n100_noise0.1_rs1.csv")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(expected.size(), got.size());
        assertEquals("x0,x1,y", got.get(0));
        for (int i = 1; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",");
            String[] g = got.get(i).split(",");
            assertEquals(e[2], g[2], "label of row " + i);
            assertEquals(Double.parseDouble(e[0]), Double.parseDouble(g[0]), 1e-15, "x0 of row " + i);
            assertEquals(Double.parseDouble(e[1]), Double.parseDouble(g[1]), 1e-15, "x1 of row " + i);
        }
        Result moons = run("moons", "--samples", "7", "--noise", "0.05", "--random-state", "3", "--no-shuffle");
        assertEquals(0, moons.exit());
        assertEquals(8, moons.out().lines().count());
    }

    @Test
    void badOptionsGetAOneLineErrorUsageAndExitCodeTwo() {
        for (String[] args : List.of(
                new String[] {"--runs", "0"},
                new String[] {"--runs", "many"},
                new String[] {"--variants", "a,z"},
                new String[] {"--threads", "0"},
                new String[] {"--epochs", "-5"},
                new String[] {"--sideways"},
                new String[] {"grid", "--where", "sideways"},
                new String[] {"grid", "--stddev", "0,-0.1"},
                new String[] {"circles", "--samples", "0"},
                new String[] {"circles", "--factor", "1.5"},
                new String[] {"moons", "--random-state", "-1"})) {
            Result r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            String firstLine = r.err().lines().findFirst().orElse("");
            assertFalse(firstLine.isBlank(), String.join(" ", args));
            assertTrue(r.err().contains("Usage:"), r.err());
            assertTrue(r.err().indexOf('\n') <= r.err().indexOf("Usage:"), "one line of error before the usage: " + r.err());
        }
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("--help").exit());
        assertEquals(0, run("--version").exit());
        assertTrue(run("case-study", "--help").out().contains("--variants"));
    }
}
