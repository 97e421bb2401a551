package dev.vecgrad.layers.models;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.ReluHiddenDot;
import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.ActivationFunction;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Layer;
import java.util.List;

/**
 * A model's last layers run as one {@link ReluHiddenDot} op where they allow it: a
 * {@code Dense} with a bias and a ReLU (its own, or an {@code Activation("relu")} after it),
 * then a one-unit {@code Dense} with a bias, with only layers that are the identity in this
 * mode between them (noise and dropout outside training). That is the case study's network:
 * the hidden layer of 500 units is then never written, and a noiseless run is 1.3x (JDK 17)
 * to 1.75x (JDK 25) faster (BENCHMARKS.md, issue 16, fourth step). Its input must be a matrix of one or two features
 * that needs no gradient; otherwise, as for every other model, the layers run one by one.
 *
 * <p>The op adds in another order than the two layers' kernels, so a fused model agrees with
 * the same layers run one by one to rounding, not to the bit.
 */
final class HiddenDotTail {

    private HiddenDotTail() {
    }

    /** The index of the tail's hidden {@code Dense} in {@code mode}, or -1 when the layers do not end that way. */
    static int start(List<Layer> layers, Mode mode) {
        int last = layers.size() - 1;
        if (last < 1 || !(layers.get(last) instanceof Dense output) || output.units() != 1 || !output.usesBias()) {
            return -1;
        }
        int i = skipIdentities(layers, last - 1, mode);
        boolean reluLayer = i >= 0 && layers.get(i) instanceof Activation a
                && a.function() == ActivationFunction.RELU;
        if (reluLayer) {
            i = skipIdentities(layers, i - 1, mode);
        }
        if (i < 0 || !(layers.get(i) instanceof Dense hidden) || !hidden.usesBias()) {
            return -1;
        }
        ActivationFunction wanted = reluLayer ? ActivationFunction.LINEAR : ActivationFunction.RELU;
        return hidden.activation() == wanted ? i : -1;
    }

    private static int skipIdentities(List<Layer> layers, int i, Mode mode) {
        while (i >= 0 && layers.get(i).isIdentityIn(mode)) {
            i--;
        }
        return i;
    }

    /**
     * The tail from layer {@code start} on {@code x} (the output of the layers before it), to
     * the output layer's logits when {@code toLogits}; null when x is not an input the op takes.
     */
    static Node call(List<Layer> layers, int start, Node x, boolean toLogits) {
        if (!ReluHiddenDot.takes(x)) {
            return null;
        }
        Dense hidden = (Dense) layers.get(start);
        Dense output = (Dense) layers.get(layers.size() - 1);
        var tape = x.tape();
        Node logits = ReluHiddenDot.apply(x, tape.param(hidden.kernel()), tape.param(hidden.bias()),
                tape.param(output.kernel()), tape.param(output.bias()));
        return toLogits ? logits : output.activation().apply(logits);
    }
}
