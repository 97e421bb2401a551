package dev.vecgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vecgrad.study.cli.Studies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs a study in-process (the demo's runner) or on Spark, and compares the files they write. */
final class StudyFiles {

    record Result(int exit, String out, String err) {
    }

    private StudyFiles() {
    }

    /** {@code args} followed by {@code more}. */
    static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static Result local(String... args) {
        return capture(args, false);
    }

    static Result spark(String... args) {
        return capture(args, true);
    }

    private static Result capture(String[] args, boolean spark) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = spark ? SparkSweep.execute(args, o, e) : Studies.execute(args, o, e);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Every JSON and CSV file the local run wrote is in the Spark run's folder with the same
     * content, apart from wall times (the only thing that may differ).
     */
    static void assertSameResults(Path local, Path spark) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(local)) {
            files = list.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".csv")).sorted()
                    .collect(Collectors.toList());
        }
        assertFalse(files.isEmpty(), "no result files in " + local);
        for (Path file : files) {
            Path other = spark.resolve(file.getFileName());
            assertEquals(withoutTimings(file), withoutTimings(other), file.getFileName() + " differs");
        }
    }

    /** A file's text without wall times: JSON members and CSV columns whose name holds "seconds". */
    static String withoutTimings(Path file) throws IOException {
        String text = Files.readString(file);
        if (file.toString().endsWith(".json")) {
            return text.replaceAll("\"[a-z_]*seconds[a-z_]*\": [-0-9.eE+]+,?", "");
        }
        List<String> lines = text.lines().collect(Collectors.toList());
        String[] header = cells(lines.get(0));
        List<Integer> timing = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            if (header[c].contains("seconds")) {
                timing.add(c);
            }
        }
        StringBuilder kept = new StringBuilder();
        for (String line : lines) {
            String[] cells = cells(line);
            for (int c = 0; c < cells.length; c++) {
                if (!timing.contains(c)) {
                    kept.append(cells[c]).append(',');
                }
            }
            kept.append('\n');
        }
        return kept.toString();
    }

    /** A CSV line's cells; a comma inside double quotes belongs to its cell. */
    private static String[] cells(String line) {
        return line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
    }
}
