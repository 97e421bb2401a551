package dev.vecgrad.layers.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary classification dataset from CSV, in the layout {@link Dataset#toCsv()} writes:
 * columns {@code x0, x1, ..., xn, y}, one sample per line, an optional header line naming
 * exactly those columns, features finite numbers, labels 0 or 1. Blank lines are skipped.
 * Anything else is refused with the line and column it is on: no row is dropped or repaired.
 */
public final class CsvData {

    private CsvData() {
    }

    /** Reads {@code file} (UTF-8). An unreadable file is an {@link IOException}; bad content an {@link IllegalArgumentException}. */
    public static Dataset read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses CSV text; {@code source} names it in messages. */
    public static Dataset parse(String text, String source) {
        String[] lines = text.split("\r?\n", -1);
        int columns = -1;
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNumber = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (columns < 0) {
                columns = fields.length;
                if (columns < 2) {
                    throw new IllegalArgumentException(source + " line " + lineNumber + ": need at least one feature"
                            + " column and a label column (x0,...,y), found " + columns + " column");
                }
                if (isHeader(fields)) {
                    requireHeader(fields, source, lineNumber);
                    continue;
                }
            }
            if (fields.length != columns) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": " + fields.length
                        + " columns, but the first line has " + columns);
            }
            double[] x = new double[columns - 1];
            for (int c = 0; c < columns - 1; c++) {
                x[c] = number(fields[c].strip(), source, lineNumber, c, "x" + c);
            }
            double y = number(fields[columns - 1].strip(), source, lineNumber, columns - 1, "y");
            if (y != 0 && y != 1) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ", column " + columns
                        + " (y): the label " + fields[columns - 1].strip() + " is not 0 or 1");
            }
            rows.add(x);
            labels.add((int) y);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no data rows");
        }
        int features = columns - 1;
        double[] x = new double[rows.size() * features];
        int[] y = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, x, r * features, features);
            y[r] = labels.get(r);
        }
        return new Dataset(x, y, rows.size(), features);
    }

    private static boolean isHeader(String[] fields) {
        try {
            Double.parseDouble(fields[0].strip());
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void requireHeader(String[] fields, String source, int lineNumber) {
        for (int c = 0; c < fields.length; c++) {
            String expected = c == fields.length - 1 ? "y" : "x" + c;
            if (!fields[c].strip().equals(expected)) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ", column " + (c + 1)
                        + ": the header names '" + fields[c].strip() + "' where '" + expected
                        + "' belongs (columns x0,...,x" + (fields.length - 2) + ",y)");
            }
        }
    }

    private static double number(String field, String source, int line, int column, String name) {
        double v;
        try {
            v = Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " line " + line + ", column " + (column + 1) + " (" + name
                    + "): '" + field + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(source + " line " + line + ", column " + (column + 1) + " (" + name
                    + "): " + field + " is not finite");
        }
        return v;
    }
}
