package dev.vecgrad.study.cli;

import static dev.vecgrad.study.cli.DemoCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --checkpoint DIR} and {@code --resume}: a study killed with SIGKILL at a random moment,
 * and resumed, writes the summary an uninterrupted study writes, apart from wall times; resuming
 * with other options is refused with the difference named.
 */
class CheckpointCommandTest {

    /** A study with runs long enough to be caught mid-fit (noisy variants, whose noise a resume must take up). */
    private static final String[] STUDY = {"case-study", "--variants", "c,d", "--runs", "3", "--epochs", "400",
        "--threads", "2", "--quiet"};

    @TempDir
    Path dir;

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The summary without wall times: the JSON's "seconds" members, the CSV's seconds column. */
    private static String results(Path out) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(out.resolve("summary.json"))) {
            if (!line.contains("\"seconds")) {
                text.append(line).append('\n');
            }
        }
        for (String line : Files.readAllLines(out.resolve("summary.csv"))) {
            text.append(line, 0, line.lastIndexOf(',')).append('\n');          // seconds_per_run is the last column
        }
        text.append(Files.readString(out.resolve("history-c.csv"))).append(Files.readString(out.resolve("history-d.csv")));
        return text.toString();
    }

    /** The demo in a JVM of its own, as a user starts it: this test's class path and module options. */
    private Process startChild(String[] args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-modules")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Studies.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** How many runs are mid-fit with a backup in the checkpoint. */
    private static long backups(Path checkpoint) throws IOException {
        Path runs = checkpoint.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(runs)) {
            return files.filter(p -> p.getFileName().toString().equals("backup.vgm")).count();
        }
    }

    /**
     * Killed with SIGKILL a random 0-200 ms after a run's fit has first been backed up, so that
     * the kill lands mid-fit; then again (a resumed study killed in turn) until two kills have
     * left backups behind; then resumed to the end.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aStudyKilledAtRandomMomentsResumesToTheUninterruptedSummary() throws Exception {
        Path reference = dir.resolve("reference");
        assertEquals(0, run(with(STUDY, "--out", reference.toString())).exit());

        Path checkpoint = dir.resolve("checkpoint");
        Path out = dir.resolve("out");
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        String[] first = with(STUDY, "--out", out.toString(), "--checkpoint", checkpoint.toString(),
                "--checkpoint-every", "0");
        String[] again = with(first, "--resume");
        List<String> kills = new ArrayList<>();
        int midFit = 0;
        for (int round = 0; round < 6 && midFit < 2; round++) {
            Process child = startChild(round == 0 ? first : again, dir.resolve("child-" + round + ".log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (backups(checkpoint) == 0 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int delay = random.nextInt(200);
            Thread.sleep(delay);
            boolean alive = child.isAlive();
            child.destroyForcibly();                                    // SIGKILL: no shutdown hook, no finally
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            long left = backups(checkpoint);
            midFit += left > 0 ? 1 : 0;
            kills.add((alive ? "killed " + delay + " ms after a backup" : "finished first") + ", " + left
                    + " backup(s) left");
        }
        System.out.println("CheckpointCommandTest, seed " + seed + ": " + kills);
        assertEquals(2, midFit, "kills that left a run mid-fit: " + kills);
        DemoCommandTest.Result resumed = run(again);
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(results(reference), results(out), "seed " + seed + ": " + kills);
    }

    /** The small study's arguments, with its seed, epochs and checkpoint folder. */
    private String[] small(String seed, String epochs, Path checkpoint, String... more) {
        return with(new String[] {"case-study", "--variants", "a", "--runs", "2", "--epochs", epochs, "--seed", seed,
            "--quiet", "--out", dir.resolve("o").toString(), "--checkpoint", checkpoint.toString()}, more);
    }

    @Test
    void resumingWithOtherOptionsIsRefusedWithTheDifferenceNamed() {
        Path checkpoint = dir.resolve("small");
        assertEquals(0, run(small("1", "20", checkpoint)).exit());

        DemoCommandTest.Result again = run(small("1", "20", checkpoint));
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already holds a study; add --resume"), again.err());

        DemoCommandTest.Result otherSeed = run(small("2", "20", checkpoint, "--resume"));
        assertEquals(2, otherSeed.exit());
        assertTrue(otherSeed.err().contains("--seed=1 there, --seed=2 here"), otherSeed.err());

        DemoCommandTest.Result otherEpochs = run(small("1", "30", checkpoint, "--resume"));
        assertEquals(2, otherEpochs.exit());
        assertTrue(otherEpochs.err().contains("--epochs=20 there, --epochs=30 here"), otherEpochs.err());

        String[] moreVariants = small("1", "20", checkpoint, "--resume");
        moreVariants[2] = "a,c";
        DemoCommandTest.Result otherVariants = run(moreVariants);
        assertEquals(2, otherVariants.exit());
        assertTrue(otherVariants.err().contains("--variants=[a] there, --variants=[a, c] here"), otherVariants.err());

        DemoCommandTest.Result otherStudy = run("grid", "--runs", "2", "--epochs", "20", "--quiet", "--out",
                dir.resolve("o").toString(), "--checkpoint", checkpoint.toString(), "--resume");
        assertEquals(2, otherStudy.exit());
        assertTrue(otherStudy.err().contains("command=case-study there, command=grid here"), otherStudy.err());

        DemoCommandTest.Result noFolder = run("case-study", "--resume", "--quiet");
        assertEquals(2, noFolder.exit());
        assertTrue(noFolder.err().contains("--resume needs --checkpoint DIR"), noFolder.err());

        DemoCommandTest.Result empty = run(small("1", "20", dir.resolve("none"), "--resume"));
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("holds no checkpoint"), empty.err());

        // Resuming a finished study with its own options trains nothing and writes the same files.
        DemoCommandTest.Result same = run(small("1", "20", checkpoint, "--resume"));
        assertEquals(0, same.exit(), same.err());
    }
}
