package dev.vecgrad.autodiff;

/**
 * The backward rule of an operation. Each op class in {@code dev.vecgrad.autodiff.ops} has
 * its forward ({@code apply}) beside this method; the forward records the op in the output
 * node, and {@link Tape#backward} calls back here with that node.
 *
 * <p>An op reads the upstream gradient from {@code out.gradData()} and writes its
 * contribution to each input's gradient with the beta that {@link Tape#claimGrad} returns (see
 * autodiff/README.md, "Writing an op").
 */
public interface Op {

    /** A short name for error messages and {@link Tape#toString()}: the class's, as {@code relu} for {@code Relu}. */
    default String name() {
        String simple = getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /** Propagates {@code out.grad()} to the gradients of {@code out}'s inputs. */
    void backward(Node out);
}
