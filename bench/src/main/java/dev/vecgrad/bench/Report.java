package dev.vecgrad.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs benchmark suites through JMH and prints the figures as the Markdown that goes into
 * BENCHMARKS.md: machine, JDK, the exact command, and the ratios measured in the same run
 * (SIMD / scalar, two threads / one, ours / {@code Random}).
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.vecgrad.bench.Report all --quick
 *   java -cp bench/target/benchmarks.jar dev.vecgrad.bench.Report gemm
 * </pre>
 * Suites: gemm, shapes, kernels, random, training, nets, all. {@code --quick} (about nine
 * minutes for all) uses 3 x 1 s of warm-up and 3 x 1 s of measurement and skips the scalar whole runs;
 * without it, the record's 5 x 2 s and 8 x 2 s. JMH's own log goes to a file in the
 * temporary directory.
 */
public final class Report {

    private static final List<String> SUITES = List.of("gemm", "shapes", "kernels", "random", "training", "nets");

    private final boolean quick;
    private final String command;

    private Report(boolean quick, String command) {
        this.quick = quick;
        this.command = command;
    }

    public static void main(String[] args) throws RunnerException {
        List<String> list = List.of(args);
        boolean quick = list.contains("--quick");
        List<String> suites = new ArrayList<>();
        for (String a : list) {
            if (a.equals("all")) {
                suites.addAll(SUITES);
            } else if (SUITES.contains(a)) {
                suites.add(a);
            } else if (!a.equals("--quick")) {
                System.err.println("unknown suite '" + a + "'; known: " + String.join(", ", SUITES) + ", all");
                System.exit(2);
            }
        }
        if (suites.isEmpty()) {
            System.err.println("usage: Report <" + String.join("|", SUITES) + "|all>... [--quick]");
            System.exit(2);
        }
        Report report = new Report(quick, java() + " -cp bench/target/benchmarks.jar dev.vecgrad.bench.Report "
                + String.join(" ", args));
        report.machine();
        for (String suite : suites) {
            switch (suite) {
                case "gemm" -> report.gemm();
                case "shapes" -> report.shapes();
                case "kernels" -> report.kernels();
                case "random" -> report.random();
                case "nets" -> report.nets();
                default -> report.training();
            }
        }
    }

    // ---------------------------------------------------------------- suites

    private void gemm() throws RunnerException {
        Table t = run("\\." + GemmBenchmark.class.getSimpleName() + "\\.gemm$", false);
        section("GEMM, C = A * B, square (us per call; GFLOP/s = 2 n^3 / time)");
        header("n", "SIMD 1T us", "SIMD 1T GFLOP/s", "SIMD 2T us", "SIMD 2T GFLOP/s", "2T / 1T", "scalar us",
                "scalar GFLOP/s", "SIMD / scalar");
        for (String size : t.values("size")) {
            double flop = 2.0 * Math.pow(Integer.parseInt(size), 3);
            Result simd = t.get("gemm", "impl", "simd", "size", size);
            Result two = t.get("gemm", "impl", "simd-2t", "size", size);
            Result scalar = t.get("gemm", "impl", "scalar", "size", size);
            row(size, time(simd), rate(flop, simd), time(two), rate(flop, two), ratio(simd, two),
                    time(scalar), rate(flop, scalar), ratio(scalar, simd));
        }
    }

    private void shapes() throws RunnerException {
        Table t = run("\\." + ShapeGemmBenchmark.class.getSimpleName() + "\\.", false);
        section("GEMM at the case study's shapes, as its ops call them (ns per call)");
        header("op(A) op(B), m x n x k", "SIMD ns", "SIMD GFLOP/s", "scalar ns", "scalar GFLOP/s", "SIMD / scalar");
        for (String shape : t.values("shape")) {
            double flop = ShapeGemmBenchmark.flops(shape);
            Result simd = t.get("gemm", "impl", "simd", "shape", shape);
            Result scalar = t.get("gemm", "impl", "scalar", "shape", shape);
            row(shape.replace('_', ' '), time(simd), rate(flop, simd), time(scalar), rate(flop, scalar),
                    ratio(scalar, simd));
        }
    }

    private void kernels() throws RunnerException {
        Table t = run("\\." + ElementwiseBenchmark.class.getSimpleName() + "\\.", false);
        section("Element-wise kernels on 15,000 floats (ns per call; values per ns)");
        header("kernel", "SIMD ns", "SIMD values/ns", "scalar ns", "scalar values/ns", "SIMD / scalar");
        for (String kernel : t.benchmarks()) {
            Result simd = t.get(kernel, "impl", "simd");
            Result scalar = t.get(kernel, "impl", "scalar");
            row(kernel, time(simd), rate(ElementwiseBenchmark.N, simd), time(scalar),
                    rate(ElementwiseBenchmark.N, scalar), ratio(scalar, simd));
        }
    }

    private void random() throws RunnerException {
        Table t = run("(" + RandomBenchmark.class.getSimpleName() + "|" + RandomBaselineBenchmark.class.getSimpleName()
                + ")\\.", false);
        Result baseline = t.get("javaUtilRandomNextGaussian");
        section("Random fills, 15,000 values (ns per call; values per ns)");
        header("fill", "SIMD ns", "SIMD values/ns", "scalar ns", "scalar values/ns", "SIMD / scalar",
                "SIMD / java.util.Random");
        for (String fill : List.of("fillGaussian", "addGaussianNoise", "fillUniform")) {
            Result simd = t.get(fill, "impl", "simd");
            Result scalar = t.get(fill, "impl", "scalar");
            row(fill, time(simd), rate(RandomBenchmark.N, simd), time(scalar), rate(RandomBenchmark.N, scalar),
                    ratio(scalar, simd), fill.equals("fillUniform") ? "-" : ratio(baseline, simd));
        }
        for (String fill : List.of("javaUtilRandomNextGaussian", "splittableRandomNextGaussian")) {
            Result r = t.get(fill);
            row(fill, time(r), rate(RandomBenchmark.N, r), "-", "-", "-", ratio(baseline, r));
        }
    }

    private void training() throws RunnerException {
        Table t = run("\\.(" + TrainingBenchmark.class.getSimpleName() + "|" + ScalarTrainingBenchmark.class.getSimpleName()
                + ")\\.", true);
        section("The case study: one training step and one whole run (" + TrainingBenchmark.EPOCHS
                + " epochs, validation after each); allocation by JMH's gc profiler");
        header("variant", "step us SIMD", "step us scalar", "SIMD / scalar", "bytes / step SIMD", "run ms SIMD",
                "run ms scalar", "SIMD / scalar", "bytes / run SIMD");
        for (String variant : t.values("variant")) {
            Result step = t.get("TrainingBenchmark.trainStep", "variant", variant);
            Result scalarStep = t.get("ScalarTrainingBenchmark.trainStep", "variant", variant);
            Result run = t.get("TrainingBenchmark.wholeRun", "variant", variant);
            Result scalarRun = t.get("ScalarTrainingBenchmark.wholeRun", "variant", variant);
            row(variant, time(step), time(scalarStep), ratio(scalarStep, step),
                    bytes(t.alloc("TrainingBenchmark.trainStep", "variant", variant)), time(run), time(scalarRun),
                    ratio(scalarRun, run), bytes(t.alloc("TrainingBenchmark.wholeRun", "variant", variant)));
        }
    }

    private void nets() throws RunnerException {
        Table t = run("\\.(" + NetStepBenchmark.class.getSimpleName() + "|" + ScalarNetStepBenchmark.class.getSimpleName()
                + ")\\.", true);
        section("The CNN and LSTM studies: one training step of " + NetStepBenchmark.BATCH
                + " samples (us per step); allocation by JMH's gc profiler");
        header("net", "step us SIMD", "step us scalar", "SIMD / scalar", "bytes / step SIMD");
        for (String net : t.values("net")) {
            Result step = t.get("NetStepBenchmark.trainStep", "net", net);
            Result scalarStep = t.get("ScalarNetStepBenchmark.trainStep", "net", net);
            row(net, time(step), time(scalarStep), ratio(scalarStep, step),
                    bytes(t.alloc("NetStepBenchmark.trainStep", "net", net)));
        }
    }

    // ---------------------------------------------------------------- running JMH

    private Table run(String include, boolean allocation) throws RunnerException {
        String log = Path.of(System.getProperty("java.io.tmpdir"),
                "vecgrad-jmh-" + include.replaceAll("[^A-Za-z0-9]", "") + ".log").toString();
        System.err.println("running " + include + " (JMH log: " + log + ")");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .output(log)
                .forks(1)
                .warmupIterations(quick ? 3 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 8)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2));
        if (allocation) {
            options.addProfiler(GCProfiler.class);
        }
        if (quick) {
            // Seconds per call; its ratio to SIMD is within a few percent of the step's.
            options.exclude("ScalarTrainingBenchmark.wholeRun");
        }
        return new Table(new Runner(options.build()).run());
    }

    /** Results by benchmark and parameters. */
    private static final class Table {
        private final Collection<RunResult> results;

        Table(Collection<RunResult> results) {
            this.results = results;
        }

        /** The distinct values of a parameter, in run order. */
        List<String> values(String param) {
            List<String> out = new ArrayList<>();
            for (RunResult r : results) {
                String v = r.getParams().getParam(param);
                if (v != null && !out.contains(v)) {
                    out.add(v);
                }
            }
            return out;
        }

        /** The benchmark methods' simple names, in run order. */
        List<String> benchmarks() {
            List<String> out = new ArrayList<>();
            for (RunResult r : results) {
                String name = method(r);
                if (!out.contains(name)) {
                    out.add(name);
                }
            }
            return out;
        }

        private static String method(RunResult r) {
            String full = r.getParams().getBenchmark();
            return full.substring(full.lastIndexOf('.') + 1);
        }

        /** The run whose benchmark name ends with {@code benchmark} and whose parameters match; null if none. */
        RunResult find(String benchmark, String... params) {
            for (RunResult r : results) {
                if (!r.getParams().getBenchmark().endsWith("." + benchmark)) {
                    continue;
                }
                boolean match = true;
                for (int i = 0; i < params.length; i += 2) {
                    match &= params[i + 1].equals(r.getParams().getParam(params[i]));
                }
                if (match) {
                    return r;
                }
            }
            return null;
        }

        Result get(String benchmark, String... params) {
            RunResult r = find(benchmark, params);
            return r == null ? null : r.getPrimaryResult();
        }

        /** Bytes allocated per operation, from the gc profiler. */
        Result alloc(String benchmark, String... params) {
            RunResult r = find(benchmark, params);
            if (r == null) {
                return null;
            }
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- Markdown

    private void machine() {
        System.out.println("- machine: " + cpuName() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap for the runner");
        System.out.println("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        System.out.println("- command: `" + command + "` (JMH 1.37, 1 fork, "
                + (quick ? "3 x 1 s warm-up, 3 x 1 s" : "5 x 2 s warm-up, 8 x 2 s") + " measurement; ± is JMH's"
                + " 99.9% confidence half-width; forks get `--add-modules=jdk.incubator.vector`)");
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("#### " + title);
        System.out.println();
    }

    private static void header(String... cells) {
        row(cells);
        System.out.println("|---|" + "---:|".repeat(cells.length - 1));
    }

    private static void row(String... cells) {
        System.out.println("| " + String.join(" | ", cells) + " |");
    }

    private static String time(Result r) {
        if (r == null) {
            return "-";
        }
        double error = r.getScoreError();
        String e = Double.isNaN(error) ? "" : " ± " + sig(error);
        return sig(r.getScore()) + e;
    }

    /** {@code work / time}: GFLOP/s from flops per ns, or values per ns. */
    private static String rate(double work, Result r) {
        return r == null ? "-" : sig(work / nanos(r));
    }

    /** How many times faster {@code fast} is than {@code slow}. */
    private static String ratio(Result slow, Result fast) {
        return slow == null || fast == null ? "-" : String.format(Locale.ROOT, "%.2fx", nanos(slow) / nanos(fast));
    }

    private static String bytes(Result r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.0f", r.getScore());
    }

    private static double nanos(Result r) {
        String unit = r.getScoreUnit();
        double scale = unit.startsWith("ns") ? 1 : unit.startsWith("us") ? 1e3 : unit.startsWith("ms") ? 1e6 : 1e9;
        return r.getScore() * scale;
    }

    /** Three significant figures, without exponent notation. */
    private static String sig(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        int digits = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(v))));
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** {@code java}, or the full path of the JVM's launcher when it is not the one on the PATH. */
    private static String java() {
        String path = ProcessHandle.current().info().command().orElse("java");
        String onPath = System.getenv().getOrDefault("PATH", "");
        for (String dir : onPath.split(File.pathSeparator)) {
            try {
                if (Path.of(dir, "java").toRealPath().equals(Path.of(path).toRealPath())) {
                    return "java";
                }
            } catch (IOException | RuntimeException e) {
                // not this directory
            }
        }
        return path;
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
