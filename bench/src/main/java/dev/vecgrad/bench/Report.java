package dev.vecgrad.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a benchmark suite through JMH and prints the figures as the Markdown that goes into
 * BENCHMARKS.md: the machine and JDK, the exact command, and the ratios measured in the
 * same run.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.vecgrad.bench.Report gemm [--quick]
 * </pre>
 * {@code --quick} takes a few minutes (fewer and shorter iterations); without it the run is
 * the one for the record.
 */
public final class Report {

    private Report() {
    }

    public static void main(String[] args) throws RunnerException {
        if (args.length == 0) {
            System.err.println("usage: Report gemm [--quick]");
            System.exit(2);
        }
        boolean quick = List.of(args).contains("--quick");
        switch (args[0]) {
            case "gemm":
                gemm(quick);
                break;
            default:
                System.err.println("unknown suite " + args[0] + "; known: gemm");
                System.exit(2);
        }
    }

    /** JMH's own log goes to a file, so that standard output carries only the Markdown. */
    private static ChainedOptionsBuilder options(String benchmark, boolean quick) {
        String log = Path.of(System.getProperty("java.io.tmpdir"),
                "vecgrad-jmh-" + benchmark.replaceAll("[^A-Za-z0-9]", "_") + ".log").toString();
        System.err.println("JMH log: " + log);
        return new OptionsBuilder()
                .include(benchmark)
                .output(log)
                .forks(1)
                .warmupIterations(quick ? 4 : 6)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 8)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2));
    }

    private static void gemm(boolean quick) throws RunnerException {
        Collection<RunResult> results = new Runner(options(GemmBenchmark.class.getSimpleName() + ".gemm", quick)
                .build()).run();
        // size -> impl -> microseconds per call
        Map<Integer, Map<String, double[]>> bySize = new TreeMap<>();
        for (RunResult r : results) {
            String impl = r.getParams().getParam("impl");
            int size = Integer.parseInt(r.getParams().getParam("size"));
            double us = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            bySize.computeIfAbsent(size, s -> new TreeMap<>()).put(impl, new double[] {us, err});
        }
        header("GEMM, C = A * B, square, one thread", quick, "gemm");
        System.out.println("| n | SIMD us/call | SIMD GFLOP/s | scalar us/call | scalar GFLOP/s | SIMD / scalar |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<Integer, Map<String, double[]>> e : bySize.entrySet()) {
            int n = e.getKey();
            double flop = 2.0 * n * n * n;
            double[] simd = e.getValue().get("simd");
            double[] scalar = e.getValue().get("scalar");
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", n,
                    time(simd), gflops(flop, simd), time(scalar), gflops(flop, scalar),
                    simd != null && scalar != null ? String.format(Locale.ROOT, "%.1fx", scalar[0] / simd[0]) : "-");
        }
    }

    private static String time(double[] r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.1f ± %.1f", r[0], r[1]);
    }

    private static String gflops(double flop, double[] r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.1f", flop / (r[0] * 1e3));
    }

    private static void header(String title, boolean quick, String suite) {
        System.out.println();
        System.out.println("### " + title);
        System.out.println();
        System.out.println("- machine: " + cpuName() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        System.out.println("- command: `java -cp bench/target/benchmarks.jar dev.vecgrad.bench.Report " + suite
                + (quick ? " --quick" : "") + "` (JMH, 1 fork, " + (quick ? "4x1 s warm-up, 3x1 s" : "6x2 s warm-up, 8x2 s")
                + " measurement; ± is JMH's 99.9% error)");
        System.out.println("- forked JVMs get `--add-modules=jdk.incubator.vector` (the benchmarks' `@Fork`)");
        System.out.println();
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux: fall through
        }
        return ManagementFactory.getOperatingSystemMXBean().getArch();
    }
}
