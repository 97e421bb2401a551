package dev.vecgrad.study.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.datasets.Dataset;
import dev.vecgrad.study.StudyRunner;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    private static final int N = StudyRunner.BOUNDARY_GRID;
    /** One point at the origin, away from the corners the tests read. */
    private static final Dataset ONE_POINT = new Dataset(new double[] {0, 0}, new int[] {0}, 1, 2);

    @Test
    void theBoundaryPutsTheUpperHalfPlaneAtTheTop() {
        // P(class 1) = 1 where x1 > 0 (grid rows N/2 and up), 0 below.
        Corners c = corners(probabilities((row, col) -> row >= N / 2));
        assertTrue(isBlue(c.topLeft) && isBlue(c.topRight), "top should be class 1 (blue): " + c);
        assertTrue(isRed(c.bottomLeft) && isRed(c.bottomRight), "bottom should be class 0 (red): " + c);
    }

    @Test
    void theBoundaryPutsTheRightHalfPlaneOnTheRight() {
        Corners c = corners(probabilities((row, col) -> col >= N / 2));
        assertTrue(isBlue(c.topRight) && isBlue(c.bottomRight), "right should be class 1 (blue): " + c);
        assertTrue(isRed(c.topLeft) && isRed(c.bottomLeft), "left should be class 0 (red): " + c);
    }

    @Test
    void aBoundaryOfTheWrongSizeIsRefused() {
        Tensor tooFew = Tensor.zeros(N * N - 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.boundary("t", tooFew, ONE_POINT, ONE_POINT));
        assertTrue(e.getMessage().contains(String.valueOf(N * N - 1)), e.getMessage());
    }

    @Test
    void aSheetPlacesItsImagesRowByRow(@TempDir Path dir) throws IOException {
        List<BufferedImage> images = List.of(solid(Color.RED), solid(Color.GREEN), solid(Color.BLUE));
        Path file = dir.resolve("sheet.png");
        Charts.sheet(images, 2, file);
        BufferedImage sheet = ImageIO.read(file.toFile());
        assertEquals(2 * 30, sheet.getWidth());
        assertEquals(2 * 20, sheet.getHeight());
        assertEquals(Color.RED.getRGB(), sheet.getRGB(15, 10));
        assertEquals(Color.GREEN.getRGB(), sheet.getRGB(45, 10));
        assertEquals(Color.BLUE.getRGB(), sheet.getRGB(15, 30));
        assertEquals(Color.WHITE.getRGB(), sheet.getRGB(45, 30), "the empty cell stays white");
    }

    @Test
    void aSheetOfImagesOfDifferentSizesIsRefused(@TempDir Path dir) {
        List<BufferedImage> images = List.of(solid(Color.RED), new BufferedImage(31, 20, BufferedImage.TYPE_INT_RGB));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.sheet(images, 2, dir.resolve("sheet.png")));
        assertTrue(e.getMessage().contains("31 x 20"), e.getMessage());
    }

    @Test
    void aSheetWithoutImagesOrColumnsIsRefused(@TempDir Path dir) {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Charts.sheet(List.<BufferedImage>of(), 2, dir.resolve("sheet.png")));
        assertTrue(none.getMessage().contains("0 image(s)"), none.getMessage());
        IllegalArgumentException noColumns = assertThrows(IllegalArgumentException.class,
                () -> Charts.sheet(List.of(solid(Color.RED)), 0, dir.resolve("sheet.png")));
        assertTrue(noColumns.getMessage().contains("0 column(s)"), noColumns.getMessage());
    }

    private static BufferedImage solid(Color color) {
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 30, 20);
        g.dispose();
        return image;
    }

    private static Tensor probabilities(BiPredicate<Integer, Integer> classOne) {
        Tensor p = Tensor.zeros(N * N, 1);
        for (int row = 0; row < N; row++) {
            for (int col = 0; col < N; col++) {
                p.data()[row * N + col] = classOne.test(row, col) ? 1f : 0f;
            }
        }
        return p;
    }

    private record Corners(Color topLeft, Color topRight, Color bottomLeft, Color bottomRight) {
    }

    /** The chart drawn at its report size; the colours 10 pixels inside each corner of its data area. */
    private static Corners corners(Tensor probabilities) {
        JFreeChart chart = Charts.boundary("t", probabilities, ONE_POINT, ONE_POINT);
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(760, 640, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        int left = (int) area.getMinX() + 10;
        int right = (int) area.getMaxX() - 10;
        int top = (int) area.getMinY() + 10;
        int bottom = (int) area.getMaxY() - 10;
        return new Corners(new Color(image.getRGB(left, top)), new Color(image.getRGB(right, top)),
                new Color(image.getRGB(left, bottom)), new Color(image.getRGB(right, bottom)));
    }

    private static boolean isBlue(Color c) {
        return c.getBlue() > c.getRed() + 40;
    }

    private static boolean isRed(Color c) {
        return c.getRed() > c.getBlue() + 40;
    }
}
