package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.MaxPool2d;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code MaxPooling2D}: the maximum of each {@code poolH x poolW} window, per
 * channel, of NHWC images. Keras's defaults: a 2 x 2 pool, strides equal to the pool,
 * {@code "valid"} padding. No weights.
 *
 * <pre>
 *   model.add(new MaxPooling2D());                                   // MaxPooling2D()
 *   model.add(new MaxPooling2D(3).strides(2).padding("same"));       // MaxPooling2D(3, strides=2, padding='same')
 * </pre>
 */
public final class MaxPooling2D extends Layer {

    private final int poolH;
    private final int poolW;
    private int strideH;
    private int strideW;
    private Padding padding = Padding.VALID;
    private MaxPool2d op;

    public MaxPooling2D() {
        this(2, 2);
    }

    public MaxPooling2D(int poolSize) {
        this(poolSize, poolSize);
    }

    public MaxPooling2D(int poolH, int poolW) {
        if (poolH < 1 || poolW < 1) {
            throw new IllegalArgumentException("MaxPooling2D pool size must be >= 1, got (" + poolH + ", " + poolW + ")");
        }
        this.poolH = poolH;
        this.poolW = poolW;
        this.strideH = poolH;
        this.strideW = poolW;
    }

    public MaxPooling2D strides(int stride) {
        return strides(stride, stride);
    }

    public MaxPooling2D strides(int strideH, int strideW) {
        if (isBuilt()) {
            throw new IllegalStateException("MaxPooling2D " + name() + " is already built");
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("MaxPooling2D strides must be >= 1, got (" + strideH + ", " + strideW + ")");
        }
        this.strideH = strideH;
        this.strideW = strideW;
        return this;
    }

    /** {@code "valid"} (the default) or {@code "same"}. */
    public MaxPooling2D padding(String padding) {
        if (isBuilt()) {
            throw new IllegalStateException("MaxPooling2D " + name() + " is already built");
        }
        this.padding = Padding.of(padding);
        return this;
    }

    @Override
    protected int[] create(int[] inputShape, BuildContext context) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("MaxPooling2D takes images of shape (height, width, channels), got input"
                    + " shape " + Shapes.format(inputShape));
        }
        Window2d window = Window2d.of(inputShape[0], inputShape[1], inputShape[2], poolH, poolW, strideH, strideW,
                padding);
        op = new MaxPool2d(window);
        return new int[] {window.outHeight(), window.outWidth(), inputShape[2]};
    }

    @Override
    public Node call(Node x, CallContext context) {
        return op.apply(x);
    }

    @Override
    public Map<String, Object> config() {
        var c = super.config();
        c.put("pool_size", List.of(poolH, poolW));
        c.put("strides", List.of(strideH, strideW));
        c.put("padding", padding.kerasName());
        return c;
    }
}
