package dev.vecgrad.layers.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scikit-learn reference CSV from the test resources, and the call its file name encodes. */
record ReferenceCsv(String path, int samples, Double noise, long randomState, double factor, boolean shuffle,
                    double[] x, int[] y) {

    private static final Pattern NAME = Pattern.compile(
            "(?:circles|moons)_n(\\d+)_(nonoise|noise([0-9.]+))(_noshuffle)?_rs(\\d+)(?:_f([0-9.]+))?\\.csv");

    static ReferenceCsv load(String path) throws IOException {
        String file = path.substring(path.lastIndexOf('/') + 1);
        Matcher m = NAME.matcher(file);
        assertTrue(m.matches(), "unexpected reference file name " + file);
        List<String> lines;
        try (InputStream in = ReferenceCsv.class.getResourceAsStream(path)) {
            assertTrue(in != null, "missing resource " + path);
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals("x0,x1,y", lines.get(0));
        int n = lines.size() - 1;
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            x[2 * i] = Double.parseDouble(cells[0]);
            x[2 * i + 1] = Double.parseDouble(cells[1]);
            y[i] = Integer.parseInt(cells[2]);
        }
        Double noise = m.group(2).equals("nonoise") ? null : Double.valueOf(m.group(3));
        double factor = m.group(6) == null ? 0.8 : Double.parseDouble(m.group(6));
        return new ReferenceCsv(path, Integer.parseInt(m.group(1)), noise, Long.parseLong(m.group(5)), factor,
                m.group(4) == null, x, y);
    }

    /** Labels exactly; coordinates within {@code tolerance}; returns how many coordinates matched to the bit. */
    int assertMatches(Dataset generated, double tolerance) {
        assertEquals(samples, generated.samples(), path);
        int exact = 0;
        for (int i = 0; i < samples; i++) {
            assertEquals(y[i], generated.label(i), path + ": label of row " + i);
            for (int j = 0; j < 2; j++) {
                double expected = x[2 * i + j];
                double actual = generated.x(i, j);
                assertEquals(expected, actual, tolerance, path + ": row " + i + " x" + j);
                if (Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual)) {
                    exact++;
                }
            }
        }
        return exact;
    }
}
