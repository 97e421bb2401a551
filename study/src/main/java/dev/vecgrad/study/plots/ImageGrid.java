package dev.vecgrad.study.plots;

import dev.vecgrad.core.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of grey images with a caption under each: the predicted class, and the true one where
 * the prediction is wrong (in red). Drawn with Java2D, headless.
 */
public final class ImageGrid {

    private static final int SCALE = 3;
    private static final int CAPTION = 30;
    private static final int GAP = 8;

    private ImageGrid() {
    }

    /**
     * Images {@code 0 .. count-1} of {@code images} (NHWC, one channel, values in [0, 1]),
     * {@code columns} a row, captioned from {@code predicted} and {@code actual} class indices.
     */
    public static void write(Tensor images, int count, int columns, int[] predicted, int[] actual, List<String> classNames,
                             Path file) throws IOException {
        int h = images.dim(1);
        int w = images.dim(2);
        int cellW = Math.max(w * SCALE, 96) + GAP;
        int cellH = h * SCALE + CAPTION + GAP;
        int rows = (count + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        float[] px = images.data();
        for (int i = 0; i < count; i++) {
            int x0 = GAP + (i % columns) * cellW + (cellW - GAP - w * SCALE) / 2;
            int y0 = GAP + (i / columns) * cellH;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    // Fashion-MNIST stores the garment light on black; drawn dark on white, as printed.
                    int v = 255 - Math.round(255 * px[images.offset() + (i * h + r) * w + c]);
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + c * SCALE, y0 + r * SCALE, SCALE, SCALE);
                }
            }
            boolean right = predicted[i] == actual[i];
            g.setColor(right ? Color.DARK_GRAY : new Color(200, 30, 30));
            int tx = GAP + (i % columns) * cellW;
            g.drawString(classNames.get(predicted[i]), tx, y0 + h * SCALE + 13);
            if (!right) {
                g.drawString("(is " + classNames.get(actual[i]) + ")", tx, y0 + h * SCALE + 26);
            }
        }
        g.dispose();
        ImageIO.write(sheet, "png", file.toFile());
    }
}
