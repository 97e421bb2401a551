package dev.vecgrad.core.conv;

import java.util.Objects;

/**
 * Where a 2-D sliding window (a convolution's kernel, a pooling window) goes over one NHWC
 * image: the input's height, width and channels, the window, the strides, and the padding
 * resolved into output size and top/left offsets.
 *
 * <p>Output position {@code (oy, ox)} reads input rows {@code oy * strideH - padTop + dy} for
 * {@code dy} in {@code [0, windowH)}, and likewise for columns; rows and columns outside the
 * input are padding (zeros for a convolution, ignored by a max-pool).
 */
public record Window2d(int inHeight, int inWidth, int channels, int windowH, int windowW, int strideH,
                       int strideW, Padding padding, int outHeight, int outWidth, int padTop, int padLeft) {

    public Window2d {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("a " + windowH + "x" + windowW + " window does not fit a "
                    + inHeight + "x" + inWidth + " input with " + padding.kerasName() + " padding");
        }
    }

    /**
     * Resolves a window over a {@code height x width x channels} input; every size must be at
     * least 1, and with {@code VALID} padding the window must fit.
     */
    public static Window2d of(int height, int width, int channels, int windowH, int windowW, int strideH,
                              int strideW, Padding padding) {
        requirePositive("input height", height);
        requirePositive("input width", width);
        requirePositive("channels", channels);
        requirePositive("window height", windowH);
        requirePositive("window width", windowW);
        requirePositive("stride height", strideH);
        requirePositive("stride width", strideW);
        Objects.requireNonNull(padding, "padding");
        int outH = outSize(height, windowH, strideH, padding);
        int outW = outSize(width, windowW, strideW, padding);
        // TensorFlow's rule: pad just enough for the last window, the odd element at the end.
        int padTop = padding == Padding.SAME ? Math.max((outH - 1) * strideH + windowH - height, 0) / 2 : 0;
        int padLeft = padding == Padding.SAME ? Math.max((outW - 1) * strideW + windowW - width, 0) / 2 : 0;
        return new Window2d(height, width, channels, windowH, windowW, strideH, strideW, padding, outH, outW,
                padTop, padLeft);
    }

    private static int outSize(int in, int window, int stride, Padding padding) {
        return padding == Padding.SAME ? (in + stride - 1) / stride
                : in < window ? 0 : (in - window) / stride + 1;
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + value);
        }
    }

    /** True when "same" padding adds at least one row or column of zeros. */
    public boolean isPadded() {
        Window2d valid = overPaddedInput();
        return valid.inHeight() != inHeight || valid.inWidth() != inWidth;
    }

    /**
     * The same window as a "valid" one over the zero-padded input (itself when nothing is
     * padded): same output size and strides, with the padding folded into the input's size.
     * The bottom and right get what the last window needs beyond the top and left padding.
     */
    public Window2d overPaddedInput() {
        if (padding == Padding.VALID) {
            return this;
        }
        int height = Math.max((outHeight - 1) * strideH + windowH, inHeight + padTop);
        int width = Math.max((outWidth - 1) * strideW + windowW, inWidth + padLeft);
        return new Window2d(height, width, channels, windowH, windowW, strideH, strideW, Padding.VALID, outHeight,
                outWidth, 0, 0);
    }

    /** Floats in one input image. */
    public int inSize() {
        return inHeight * inWidth * channels;
    }

    /** Window positions per image. */
    public int outPositions() {
        return outHeight * outWidth;
    }

    /** Floats in one patch: the window over all channels, a row of the im2col matrix. */
    public int patchSize() {
        return windowH * windowW * channels;
    }
}
