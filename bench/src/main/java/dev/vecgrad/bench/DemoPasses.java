package dev.vecgrad.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vecgrad.study.cli.Studies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The demo's case study run several times in one JVM, to split a cold run's cost into the
 * work itself (a late pass, everything compiled) and what the first pass adds: the JIT
 * compiler threads' CPU and the code that runs before they are done. Per pass it prints the
 * wall time, the process's CPU time and the C1 and C2 compiler threads' CPU time, read from
 * {@code /proc/self/task} (Linux; elsewhere the CPU columns read n/a). A JMH fork cannot say
 * this: its warm-up is what is being measured here.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.vecgrad.bench.DemoPasses 5
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.vecgrad.bench.DemoPasses 5 --runs 3
 * </pre>
 * The first argument is the number of passes; the rest go to {@code case-study} (its report
 * is written to a temporary directory, deleted after the pass; its output is shown only if it fails).
 * On more cores HotSpot starts and stops extra compiler threads with the load, and one that
 * stops during a pass takes its CPU out of these columns; two cores have one thread of each
 * compiler, and they stay.
 */
public final class DemoPasses {

    /** Clock ticks per second of {@code /proc}'s utime and stime: USER_HZ, 100 on Linux. */
    private static final double TICKS = 100.0;

    private DemoPasses() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || !args[0].matches("[1-9][0-9]*")) {
            System.err.println("usage: DemoPasses PASSES [case-study options]");
            System.exit(2);
        }
        int passes = Integer.parseInt(args[0]);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.out.println("pass | wall | process CPU | C2 thread CPU | C1 thread CPU");
        System.out.println("---|---:|---:|---:|---:");
        for (int pass = 0; pass < passes; pass++) {
            Path out = Files.createTempDirectory("vecgrad-passes");
            List<String> command = new ArrayList<>(List.of("case-study", "--quiet", "--out", out.toString()));
            command.addAll(List.of(args).subList(1, args.length));
            CpuTimes before = CpuTimes.now();
            long start = System.nanoTime();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = Studies.execute(command.toArray(String[]::new), quiet, new PrintStream(err, true, UTF_8));
            double wall = (System.nanoTime() - start) / 1e9;
            CpuTimes used = CpuTimes.now().minus(before);
            deleteTree(out);
            if (exit != 0) {
                System.err.print(err.toString(UTF_8));
                System.err.println("case-study exited with status " + exit);
                System.exit(exit);
            }
            System.out.println(String.format(Locale.ROOT, "%d | %.2f s | %s | %s | %s", pass, wall,
                    seconds(used.process), seconds(used.c2), seconds(used.c1)));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "n/a" : String.format(Locale.ROOT, "%.2f s", s);
    }

    /** CPU seconds (user + system) of the process and of its compiler threads; NaN where /proc is missing. */
    private record CpuTimes(double process, double c2, double c1) {

        static CpuTimes now() {
            try {
                double c2 = 0;
                double c1 = 0;
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                    for (Path task : tasks) {
                        String stat;
                        try {
                            stat = Files.readString(task.resolve("stat"));
                        } catch (IOException ended) {
                            continue;                                  // the thread ended while listed
                        }
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.startsWith("C2 CompilerThre")) {
                            c2 += cpuSeconds(stat);
                        } else if (name.startsWith("C1 CompilerThre")) {
                            c1 += cpuSeconds(stat);
                        }
                    }
                }
                return new CpuTimes(cpuSeconds(Files.readString(Path.of("/proc/self/stat"))), c2, c1);
            } catch (IOException | UncheckedIOException notLinux) {
                return new CpuTimes(Double.NaN, Double.NaN, Double.NaN);
            }
        }

        /** utime + stime, fields 14 and 15 of a stat line, counted after the command's closing parenthesis. */
        private static double cpuSeconds(String stat) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
        }

        CpuTimes minus(CpuTimes earlier) {
            return new CpuTimes(process - earlier.process, c2 - earlier.c2, c1 - earlier.c1);
        }
    }
}
