package dev.vecgrad.layers.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Reading a user's CSV: the layout Dataset.toCsv writes, and a message with line and column for anything else. */
class CsvDataTest {

    @Test
    void whatToCsvWritesReadsBackExactly() {
        Dataset circles = MakeCircles.generate(100, 0.1, 1);
        Dataset back = CsvData.parse(circles.toCsv(), "circles.csv");
        assertArrayEquals(circles.x(), back.x());
        assertArrayEquals(circles.y(), back.y());
        assertEquals(2, back.featureCount());
    }

    @Test
    void theHeaderIsOptionalAndBlankLinesAreSkipped() {
        Dataset d = CsvData.parse("0.5,1,-2,1\r\n\n3,4,5e-1,0\n", "d.csv");
        assertEquals(2, d.samples());
        assertEquals(3, d.featureCount());
        assertEquals(0.5, d.x(1, 2));
        assertArrayEquals(new int[] {1, 0}, d.y());
    }

    @Test
    void everyBadRowIsNamedByLineAndColumn() {
        assertEquals("d.csv line 3, column 2 (x1): 'abc' is not a number", message("x0,x1,y\n1,2,0\n1,abc,1\n"));
        assertEquals("d.csv line 2: 2 columns, but the first line has 3", message("1,2,0\n1,1\n"));
        assertEquals("d.csv line 1, column 3 (y): the label 2 is not 0 or 1", message("1,2,2\n"));
        assertEquals("d.csv line 1, column 1 (x0): NaN is not finite", message("NaN,2,1\n"));
        assertEquals("d.csv line 1, column 2: the header names 'b' where 'x1' belongs (columns x0,...,x1,y)",
                message("x0,b,y\n1,2,1\n"));
        assertEquals("d.csv holds no data rows", message("x0,x1,y\n\n"));
        assertEquals("d.csv line 1, column 2 (y): '' is not a number", message("1,\n"));
    }

    private static String message(String csv) {
        return assertThrows(IllegalArgumentException.class, () -> CsvData.parse(csv, "d.csv")).getMessage();
    }
}
