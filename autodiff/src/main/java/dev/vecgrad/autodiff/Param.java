package dev.vecgrad.autodiff;

import dev.vecgrad.core.Tensor;
import java.util.Arrays;

/**
 * A trainable tensor: its value and its gradient live here, outside any tape, and survive
 * from step to step. {@link Tape#backward} adds into the gradient; it stays until
 * {@link #zeroGrad()} (as in PyTorch, where gradients accumulate until {@code zero_grad}).
 */
public final class Param {

    private final String name;
    private final Tensor value;
    private final float[] grad;

    /** A parameter holding {@code value} (not copied) with a zero gradient. */
    public Param(String name, Tensor value) {
        if (value.offset() != 0 || value.data().length != value.size()) {
            throw new IllegalArgumentException("parameter " + name + " must own a compact array");
        }
        this.name = name;
        this.value = value;
        this.grad = new float[value.size()];
    }

    public String name() {
        return name;
    }

    /** The value; an optimizer updates its array in place. */
    public Tensor value() {
        return value;
    }

    /** The gradient, same shape as the value. */
    public Tensor grad() {
        return Tensor.wrap(grad, value.shape());
    }

    /** The gradient's array (length {@link #size()}), for optimizers. */
    public float[] gradData() {
        return grad;
    }

    public int size() {
        return value.size();
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return "Param " + name + " " + dev.vecgrad.core.Shapes.format(value.shape());
    }
}
