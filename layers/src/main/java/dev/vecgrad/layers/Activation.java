package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Node;
import java.util.Map;
import java.util.Objects;

/** Keras's {@code Activation} layer: applies an activation function, nothing else. */
public final class Activation extends Layer {

    private final ActivationFunction function;

    /** By Keras name: {@code new Activation("relu")}. */
    public Activation(String function) {
        this(ActivationFunction.of(function));
    }

    public Activation(ActivationFunction function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    public ActivationFunction function() {
        return function;
    }

    @Override
    protected int[] create(int[] inputShape, BuildContext context) {
        return inputShape;
    }

    @Override
    public Node call(Node x, CallContext context) {
        return function.apply(x);
    }

    @Override
    public ActivationFunction outputActivation() {
        return function == ActivationFunction.LINEAR ? null : function;
    }

    @Override
    public Node callWithoutOutputActivation(Node x, CallContext context) {
        return x;
    }

    @Override
    public Map<String, Object> config() {
        var c = super.config();
        c.put("activation", function.kerasName());
        return c;
    }
}
