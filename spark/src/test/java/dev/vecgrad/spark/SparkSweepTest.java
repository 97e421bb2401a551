package dev.vecgrad.spark;

import static dev.vecgrad.spark.StudyFiles.assertSameResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.RunPool;
import dev.vecgrad.study.Variant;
import dev.vecgrad.study.cli.Studies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each study on local[2] writes what the demo's in-process runner writes for the same options,
 * bit for bit apart from wall times.
 */
class SparkSweepTest {

    @TempDir
    Path dir;

    /** Runs {@code study} in-process and on Spark with the same options; returns the Spark run's output. */
    private StudyFiles.Result compare(String name, String... study) throws IOException {
        Path local = dir.resolve(name + "-local");
        Path spark = dir.resolve(name + "-spark");
        List<String> localArgs = new ArrayList<>(List.of(study));
        localArgs.addAll(List.of("--out", local.toString(), "--quiet"));
        StudyFiles.Result l = StudyFiles.local(localArgs.toArray(String[]::new));
        assertEquals(0, l.exit(), l.err());
        List<String> sparkArgs = new ArrayList<>(List.of("--master", "local[2]"));
        sparkArgs.addAll(localArgs);
        sparkArgs.set(sparkArgs.indexOf(local.toString()), spark.toString());
        StudyFiles.Result s = StudyFiles.spark(sparkArgs.toArray(String[]::new));
        assertEquals(0, s.exit(), s.err());
        assertSameResults(local, spark);
        return s;
    }

    private static Path fashionSubset() throws URISyntaxException {
        return Path.of(SparkSweepTest.class.getResource("/fashion-mnist-subset").toURI());
    }

    @Test
    void theCaseStudy() throws IOException {
        StudyFiles.Result r = compare("case-study", "case-study", "--variants", "a,c", "--runs", "3", "--epochs", "60");
        assertTrue(r.out().contains("noise 0.1 before ReLU"), r.out());
    }

    @Test
    void theGrid() throws IOException {
        compare("grid", "grid", "--where", "post", "--stddev", "0,0.1", "--runs", "2", "--epochs", "40");
    }

    @Test
    void theFashionStudy() throws Exception {
        compare("fashion", "fashion", "--data-dir", fashionSubset().toString(), "--train", "60", "--test", "30",
                "--epochs", "1", "--runs", "2");
    }

    @Test
    void robustnessOfTrainedAndOfSavedModels() throws IOException {
        compare("robustness", "robustness", "--variants", "a,d", "--runs", "2", "--epochs", "40", "--draws", "2",
                "--pgd-steps", "2");
        CaseStudyData data = CaseStudyData.tutorial();
        Sequential model = Variant.D.build(5);
        model.fit(data.trainX(), data.trainY(), Fit.epochs(50).verbose(0));
        Path file = dir.resolve("d.vgm");
        model.save(file);
        compare("saved", "robustness", "--model", file.toString(), "--draws", "2", "--pgd-steps", "2");
    }

    @Test
    void robustnessOfTheFashionCnn() throws Exception {
        compare("robustness-fashion", "robustness", "--study", "fashion", "--data-dir", fashionSubset().toString(),
                "--train", "60", "--test", "30", "--epochs", "1", "--runs", "2", "--draws", "2", "--pgd-steps", "2",
                "--sigmas", "0,0.2", "--eps", "0,0.05");
    }

    @Test
    void theCnnAndLstmStudies() throws IOException {
        compare("cnn", "cnn", "--epochs", "2", "--runs", "2", "--train", "20", "--test", "30");
        compare("lstm", "lstm", "--epochs", "2", "--runs", "2", "--units", "3", "--train", "12", "--test", "8");
    }

    /**
     * A run that fails on every attempt (planted in one run of the second variant) ends the
     * sweep with exit code 1 and a message naming the run; no summary or report is written as
     * if the sweep were complete.
     */
    @Test
    void aFailedRunWritesNoResults() {
        Path out = dir.resolve("failed");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (SparkSweep sweep = new SparkSweep()) {
            sweep.master = "local[2,2]";
            exit = Studies.execute(() -> {
                CommandLine cli = new CommandLine(sweep);
                Studies.addStudies(cli, threads -> plantFailure(sweep.pool()));
                return cli;
            }, new String[] {"case-study", "--variants", "a,c", "--runs", "2", "--epochs", "20", "--out",
                out.toString(), "--quiet"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, message);
        assertTrue(message.contains("run 1 of job 1 failed") && message.contains("planted"), message);
        assertFalse(Files.exists(out.resolve("summary.json")), "summary.json written after a failure");
        assertFalse(Files.exists(out.resolve("report.html")), "report.html written after a failure");
    }

    /** The pool, with run 1 of job 1 made to throw. */
    private static RunPool plantFailure(RunPool pool) {
        return new RunPool() {
            @Override
            public <R extends java.io.Serializable> List<List<R>> run(int[] runsPerJob, Task<R> task,
                                                                      IntConsumer onRunDone) {
                return pool.run(runsPerJob, (job, index) -> {
                    if (job == 1 && index == 1) {
                        throw new IllegalStateException("planted");
                    }
                    return task.run(job, index);
                }, onRunDone);
            }
        };
    }

    /** In local mode the executors write the checkpoint's folder as the in-process runner does; --resume reads it. */
    @Test
    void aCheckpointedSweepResumes() throws IOException {
        String[] study = {"case-study", "--variants", "a,d", "--runs", "2", "--epochs", "30", "--quiet"};
        Path local = dir.resolve("local");
        assertEquals(0, StudyFiles.local(StudyFiles.with(study, "--out", local.toString())).exit());
        Path checkpoint = dir.resolve("checkpoint");
        for (String resume : List.of("", "--resume")) {
            Path out = dir.resolve("spark" + resume);
            List<String> args = new ArrayList<>(List.of("--master", "local[2]"));
            args.addAll(List.of(study));
            args.addAll(List.of("--out", out.toString(), "--checkpoint", checkpoint.toString()));
            if (!resume.isEmpty()) {
                args.add(resume);
            }
            StudyFiles.Result r = StudyFiles.spark(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            assertSameResults(local, out);
        }
        assertTrue(Files.exists(checkpoint.resolve("runs/job-1-run-1.result")));
    }


    @Test
    void badOptionsExitWithTwo() {
        StudyFiles.Result noStudy = StudyFiles.spark("--master", "local[2]");
        assertEquals(2, noStudy.exit());
        assertTrue(noStudy.err().contains("Usage: vecgrad-spark"), noStudy.err());
        StudyFiles.Result badRuns = StudyFiles.spark("case-study", "--runs", "0", "--out", dir.toString());
        assertEquals(2, badRuns.exit());
        assertTrue(badRuns.err().contains("--runs must be at least 1"), badRuns.err());
    }
}
