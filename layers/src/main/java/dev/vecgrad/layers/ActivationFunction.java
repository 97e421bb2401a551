package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.Relu;
import dev.vecgrad.autodiff.ops.Sigmoid;
import dev.vecgrad.autodiff.ops.Softmax;
import dev.vecgrad.autodiff.ops.Tanh;
import java.util.Locale;

/** The activations a layer can apply, by Keras name: {@code "relu"}, {@code "sigmoid"}, {@code "tanh"}, {@code "softmax"}, {@code "linear"}. */
public enum ActivationFunction {
    LINEAR("linear"),
    RELU("relu"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    SOFTMAX("softmax");

    private final String kerasName;

    ActivationFunction(String kerasName) {
        this.kerasName = kerasName;
    }

    public String kerasName() {
        return kerasName;
    }

    /** The activation with this Keras name; {@code null} means linear, as in Keras. */
    public static ActivationFunction of(String name) {
        if (name == null) {
            return LINEAR;
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (ActivationFunction f : values()) {
            if (f.kerasName.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "': use linear, relu, sigmoid, tanh or softmax");
    }

    /** Applies the activation to a node (linear returns it unchanged). */
    public Node apply(Node x) {
        switch (this) {
            case RELU:
                return Relu.apply(x);
            case SIGMOID:
                return Sigmoid.apply(x);
            case TANH:
                return Tanh.apply(x);
            case SOFTMAX:
                return Softmax.apply(x);
            default:
                return x;
        }
    }
}
