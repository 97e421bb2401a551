package dev.vecgrad.study.plots;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.datasets.Dataset;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.study.StudyRunner;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The study's charts, drawn headless with JFreeChart: the data, accuracy curves, decision
 * boundaries and the noise grid. Colours as the tutorial's: class 0 red, class 1 blue; train
 * blue, test orange for the curves.
 */
public final class Charts {

    static final Color CLASS_0 = new Color(0xD62728);
    static final Color CLASS_1 = new Color(0x1F77B4);
    static final Color TRAIN = new Color(0x1F77B4);
    static final Color TEST = new Color(0xFF7F0E);

    private Charts() {
    }

    /** The data, points coloured by class (the tutorial's first figure). */
    public static JFreeChart data(Dataset data, String title) {
        XYSeriesCollection series = new XYSeriesCollection();
        XYSeries zero = new XYSeries("class 0 (outer circle)");
        XYSeries one = new XYSeries("class 1 (inner circle)");
        for (int i = 0; i < data.samples(); i++) {
            (data.label(i) == 0 ? zero : one).add(data.x(i, 0), data.x(i, 1));
        }
        series.addSeries(zero);
        series.addSeries(one);
        XYShapeRenderer renderer = new XYShapeRenderer();
        renderer.setSeriesPaint(0, CLASS_0);
        renderer.setSeriesPaint(1, CLASS_1);
        Ellipse2D dot = new Ellipse2D.Double(-4, -4, 8, 8);
        renderer.setSeriesShape(0, dot);
        renderer.setSeriesShape(1, dot);
        XYPlot plot = new XYPlot(series, axis("x0"), axis("x1"), renderer);
        return styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /**
     * Train and test accuracy per epoch: the line is the mean over runs; with several runs a
     * band shows one standard deviation either side.
     */
    public static JFreeChart curves(String title, List<History> histories) {
        return trainAndTest(title, histories, "accuracy", "accuracy", 0.4, 1.02);
    }

    /** Train and test loss per epoch, as {@link #curves} draws accuracy; the axis fits the data. */
    public static JFreeChart lossCurves(String title, List<History> histories, String lossName) {
        return trainAndTest(title, histories, "loss", lossName, Double.NaN, Double.NaN);
    }

    private static JFreeChart trainAndTest(String title, List<History> histories, String key, String label,
                                           double low, double high) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(meanBand("train " + label, histories, key));
        data.addSeries(meanBand("test " + label, histories, "val_" + key));
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setSeriesPaint(0, TRAIN);
        renderer.setSeriesFillPaint(0, TRAIN);
        renderer.setSeriesPaint(1, TEST);
        renderer.setSeriesFillPaint(1, TEST);
        renderer.setSeriesStroke(0, new BasicStroke(1.6f));
        renderer.setSeriesStroke(1, new BasicStroke(1.6f));
        renderer.setAlpha(0.2f);
        NumberAxis values = axis(label);
        if (!Double.isNaN(low)) {
            values.setRange(low, high);
        }
        XYPlot plot = new XYPlot(data, axis("epoch"), values, renderer);
        String subtitle = histories.size() > 1 ? " (mean of " + histories.size() + " runs, band: +-1 std)" : "";
        return styled(new JFreeChart(title + subtitle, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    private static YIntervalSeries meanBand(String name, List<History> histories, String key) {
        YIntervalSeries series = new YIntervalSeries(name);
        int epochs = Integer.MAX_VALUE;
        double[][] values = new double[histories.size()][];
        for (int r = 0; r < histories.size(); r++) {
            values[r] = histories.get(r).get(key);
            epochs = Math.min(epochs, values[r].length);
        }
        // One point per epoch up to 1000 points, so long runs stay light to draw.
        int stride = Math.max(1, epochs / 1000);
        for (int e = 0; e < epochs; e += stride) {
            double mean = 0;
            for (double[] v : values) {
                mean += v[e];
            }
            mean /= values.length;
            double var = 0;
            for (double[] v : values) {
                var += (v[e] - mean) * (v[e] - mean);
            }
            double std = values.length > 1 ? Math.sqrt(var / (values.length - 1)) : 0;
            series.add(e + 1, mean, mean - std, mean + std);
        }
        return series;
    }

    /**
     * The decision boundary: the model's predicted probability of class 1 over the plane, with
     * the training points (filled) and test points (hollow) on top.
     */
    public static JFreeChart boundary(String title, Tensor probabilities, Dataset train, Dataset test) {
        LookupPaintScale scale = probabilityScale();
        NumberAxis x = axis("x0");
        NumberAxis y = axis("x1");
        x.setRange(-StudyRunner.BOUNDARY_EXTENT, StudyRunner.BOUNDARY_EXTENT);
        y.setRange(-StudyRunner.BOUNDARY_EXTENT, StudyRunner.BOUNDARY_EXTENT);

        XYSeriesCollection points = new XYSeriesCollection();
        points.addSeries(points("train, class 0", train, 0));
        points.addSeries(points("train, class 1", train, 1));
        points.addSeries(points("test, class 0", test, 0));
        points.addSeries(points("test, class 1", test, 1));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        Ellipse2D training = new Ellipse2D.Double(-4.5, -4.5, 9, 9);
        Ellipse2D testing = new Ellipse2D.Double(-4, -4, 8, 8);
        for (int s = 0; s < 4; s++) {
            boolean isTrain = s < 2;
            dots.setSeriesPaint(s, s % 2 == 0 ? CLASS_0 : CLASS_1);
            dots.setSeriesShape(s, isTrain ? training : testing);
            dots.setSeriesShapesFilled(s, isTrain);
            dots.setSeriesOutlineStroke(s, new BasicStroke(isTrain ? 1f : 1.8f));
            dots.setSeriesOutlinePaint(s, isTrain ? Color.BLACK : (s % 2 == 0 ? CLASS_0 : CLASS_1));
        }
        dots.setUseOutlinePaint(true);
        dots.setDrawOutlines(true);
        // The probabilities as one image under the points, a pixel a grid cell: drawing the
        // 25,600 cells as rectangles took about a tenth of a second a chart in a fresh JVM.
        double side = 2 * StudyRunner.BOUNDARY_EXTENT;
        dots.addAnnotation(new XYDataImageAnnotation(probabilityImage(probabilities, scale),
                -StudyRunner.BOUNDARY_EXTENT, -StudyRunner.BOUNDARY_EXTENT, side, side), Layer.BACKGROUND);
        XYPlot plot = new XYPlot(points, x, y, dots);
        JFreeChart chart = styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
        NumberAxis legendAxis = new NumberAxis("P(class 1)");
        legendAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(10, 6, 10, 6));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * Grid cell (row i from the bottom, column j from the left) as the pixel in column j of
     * image row {@code n - 1 - i}: images count their rows from the top.
     */
    private static BufferedImage probabilityImage(Tensor probabilities, LookupPaintScale scale) {
        int n = StudyRunner.BOUNDARY_GRID;
        if (probabilities.size() != n * n) {
            throw new IllegalArgumentException("a boundary needs " + n + " x " + n + " probabilities, got "
                    + probabilities.size());
        }
        BufferedImage image = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float p = probabilities.data()[probabilities.offset() + i * n + j];
                image.setRGB(j, n - 1 - i, ((Color) scale.getPaint(p)).getRGB());
            }
        }
        return image;
    }

    private static XYSeries points(String name, Dataset data, int label) {
        XYSeries series = new XYSeries(name);
        for (int i = 0; i < data.samples(); i++) {
            if (data.label(i) == label) {
                series.add(data.x(i, 0), data.x(i, 1));
            }
        }
        return series;
    }

    /** Red (class 0) through white (undecided) to blue (class 1), pale so the points stand out. */
    private static LookupPaintScale probabilityScale() {
        LookupPaintScale scale = new LookupPaintScale(0, 1.000001, Color.WHITE);
        int steps = 50;
        for (int s = 0; s < steps; s++) {
            double p = s / (double) steps;
            Color from = p < 0.5 ? CLASS_0 : Color.WHITE;
            Color to = p < 0.5 ? Color.WHITE : CLASS_1;
            double t = p < 0.5 ? p * 2 : (p - 0.5) * 2;
            scale.add(p, pale(blend(from, to, t)));
        }
        return scale;
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static Color pale(Color c) {
        return blend(c, Color.WHITE, 0.45);
    }

    /** Test accuracy against the noise's stddev, mean and 95% interval per point. */
    public static JFreeChart grid(String title, double[] stddevs, double[] means, double[] low, double[] high) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYIntervalSeries series = new XYIntervalSeries("test accuracy (mean, 95% interval)");
        for (int i = 0; i < stddevs.length; i++) {
            series.add(stddevs[i], stddevs[i], stddevs[i], means[i], low[i], high[i]);
        }
        data.addSeries(series);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setSeriesPaint(0, TEST);
        renderer.setErrorPaint(Color.DARK_GRAY);
        renderer.setDefaultLinesVisible(true);
        renderer.setSeriesLinesVisible(0, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        XYPlot plot = new XYPlot(data, axis("noise stddev"), axis("test accuracy"), renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** One color per line of a multi-line chart (matplotlib's first ten). */
    private static final Color[] LINES = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728), new Color(0x9467BD),
        new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF),
    };

    /**
     * Accuracy against a perturbation's strength, one line per model ({@code names[m]}), each
     * with its band ({@code low[m][i]} to {@code high[m][i]}, a 95% interval over runs).
     */
    public static JFreeChart robustness(String title, String levelLabel, double[] levels, List<String> names,
                                        double[][] means, double[][] low, double[][] high) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        for (int m = 0; m < names.size(); m++) {
            YIntervalSeries series = new YIntervalSeries(names.get(m));
            for (int i = 0; i < levels.length; i++) {
                series.add(levels[i], means[m][i], low[m][i], high[m][i]);
            }
            data.addSeries(series);
            Color color = LINES[m % LINES.length];
            renderer.setSeriesPaint(m, color);
            renderer.setSeriesFillPaint(m, color);
            renderer.setSeriesStroke(m, new BasicStroke(1.8f));
            renderer.setSeriesShape(m, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        renderer.setAlpha(0.15f);
        XYPlot plot = new XYPlot(data, axis(levelLabel), axis("test accuracy"), renderer);
        return styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(new Color(0xF7F7F7));
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        return chart;
    }

    /** Writes a chart as a PNG of the given size. */
    public static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        save(chart.createBufferedImage(width, height), file);
    }

    /** Writes an image as a PNG. */
    public static void save(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * Images already drawn, all of one size, on one sheet in rows of {@code columns}: a chart
     * that has its own file is drawn once, not again for the sheet.
     */
    public static void sheet(List<BufferedImage> images, int columns, Path file) throws IOException {
        if (images.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("a sheet needs at least one image and one column, got "
                    + images.size() + " image(s) in " + columns + " column(s)");
        }
        int width = images.get(0).getWidth();
        int height = images.get(0).getHeight();
        for (BufferedImage image : images) {
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new IllegalArgumentException("a sheet's images must be of one size: " + width + " x " + height
                        + " and " + image.getWidth() + " x " + image.getHeight());
            }
        }
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * width, rows * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % columns) * width, (i / columns) * height, null);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        save(sheet, file);
    }

    /** Several charts on one sheet, in rows of {@code columns}, each drawn at {@code width x height}. */
    public static void sheet(List<JFreeChart> charts, int columns, int width, int height, Path file) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (JFreeChart chart : charts) {
            images.add(chart.createBufferedImage(width, height));
        }
        sheet(images, columns, file);
    }
}
