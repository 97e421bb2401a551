package dev.vecgrad.layers.losses;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.ops.Softmax;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.layers.ActivationFunction;
import dev.vecgrad.layers.Layer;

/**
 * Where a loss meets a model's last layer. When the layer ends in the activation the loss
 * fuses with (a sigmoid before binary cross-entropy, a softmax before categorical
 * cross-entropy) the loss takes the activation's input, exactly and without clipping, as
 * TensorFlow's Keras does in graph mode; otherwise it takes the layer's outputs.
 *
 * <pre>
 *   LossHead head = LossHead.of(loss, lastLayer);
 *   Node out = head.fused() ? lastLayer.callWithoutOutputActivation(h, ctx) : lastLayer.call(h, ctx);
 *   Node lossNode = head.loss(out, labels);
 * </pre>
 */
public final class LossHead {

    private final Loss loss;
    private final ActivationFunction fusedActivation;

    private LossHead(Loss loss, ActivationFunction fusedActivation) {
        this.loss = loss;
        this.fusedActivation = fusedActivation;
    }

    /** The head of {@code loss} on a model whose last layer is {@code last}. */
    public static LossHead of(Loss loss, Layer last) {
        ActivationFunction fusable = loss.fusedActivation();
        boolean fused = fusable != null && fusable == last.outputActivation();
        return new LossHead(loss, fused ? fusable : null);
    }

    /** Whether the loss takes the last activation's input (then the model's forward pass must leave it out). */
    public boolean fused() {
        return fusedActivation != null;
    }

    /** The loss node from the model's output node: logits when {@link #fused()}, outputs otherwise. */
    public Node loss(Node out, Node labels) {
        return fused() ? loss.fromLogits(out, labels) : loss.fromOutputs(out, labels);
    }

    /**
     * The outputs the metrics see, as in Keras: probabilities. When {@link #fused()}, {@code out}
     * holds logits and the activation is applied into {@code into} (of at least
     * {@code out.size()} floats), which is returned; otherwise {@code out}'s own array is
     * (at {@code out.offset()}).
     */
    public float[] outputs(Node out, Kernels kernels, float[] into) {
        if (!fused()) {
            return out.data();
        }
        if (fusedActivation == ActivationFunction.SIGMOID) {
            kernels.sigmoid(out.size(), out.data(), out.offset(), into, 0);
        } else {
            int cols = out.dim(-1);
            Softmax.rowSoftmax(out.data(), out.offset(), out.size() / cols, cols, into, 0);
        }
        return into;
    }
}
