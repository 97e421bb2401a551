package dev.vecgrad.autodiff;

/**
 * The backward rule of an operation. Each op class in {@code dev.vecgrad.autodiff.ops} has
 * its forward ({@code apply}) beside this method; the forward records the op in the output
 * node, and {@link Tape#backward} calls back here with that node.
 *
 * <p>An op gets the upstream gradient from {@code out.grad()} and adds its contribution to
 * each input's gradient through {@link Tape#gradBeta} / {@link Tape#gradOutput} (see
 * autodiff/README.md, "Writing an op").
 */
public interface Op {

    /** A short name for error messages and {@link Tape#toString()}. */
    String name();

    /** Propagates {@code out.grad()} to the gradients of {@code out}'s inputs. */
    void backward(Node out);
}
