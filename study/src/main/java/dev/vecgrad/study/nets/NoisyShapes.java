package dev.vecgrad.study.nets;

import dev.vecgrad.core.Tensor;
import java.util.SplittableRandom;

/**
 * A small image task for the CNN study, generated in-process: {@code size x size} grey images
 * (NHWC, one channel) of a ring (label 1) or a square outline (label 0), at a random place
 * and size, with Gaussian pixel noise. The two shapes differ only at their corners, which a
 * convolution picks up and a few dozen training images are not enough to learn without
 * overfitting: the setting in which the tutorial adds noise.
 *
 * <p>Deterministic in the seed, on any JDK: draws come from {@link SplittableRandom}'s
 * specified {@code nextDouble}, and Gaussians from those by Box-Muller in double.
 */
public final class NoisyShapes {

    /** Half the width of a shape's stroke, in pixels (a Gaussian profile). */
    private static final double STROKE = 0.6;

    private NoisyShapes() {
    }

    /**
     * {@code count} images and labels.
     *
     * @param size       image side in pixels, at least 8
     * @param pixelNoise standard deviation of the Gaussian noise added to every pixel (>= 0)
     */
    public static ImageSet generate(int count, int size, double pixelNoise, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        if (size < 8) {
            throw new IllegalArgumentException("image size must be >= 8, got " + size);
        }
        if (!(pixelNoise >= 0) || Double.isInfinite(pixelNoise)) {
            throw new IllegalArgumentException("pixel noise must be finite and >= 0, got " + pixelNoise);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Tensor images = Tensor.zeros(count, size, size, 1);
        Tensor labels = Tensor.zeros(count, 1);
        float[] px = images.data();
        for (int n = 0; n < count; n++) {
            boolean ring = random.nextBoolean();
            double radius = size * (0.18 + 0.12 * random.nextDouble());
            double cy = radius + 1 + random.nextDouble() * (size - 2 * radius - 2);
            double cx = radius + 1 + random.nextDouble() * (size - 2 * radius - 2);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dy = y + 0.5 - cy, dx = x + 0.5 - cx;
                    // Distance from the shape's outline: Euclidean for the ring, Chebyshev for the square.
                    double from = ring ? Math.hypot(dy, dx) : Math.max(Math.abs(dy), Math.abs(dx));
                    double stroke = Math.exp(-(from - radius) * (from - radius) / (2 * STROKE * STROKE));
                    px[(n * size + y) * size + x] = (float) (stroke + pixelNoise * gaussian(random));
                }
            }
            labels.data()[n] = ring ? 1f : 0f;
        }
        return new ImageSet(images, labels);
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();   // in (0, 1]: the log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Images {@code (n, h, w, 1)} and labels {@code (n, 1)}. */
    public record ImageSet(Tensor images, Tensor labels) {
    }
}
