package dev.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.ops.Add;
import dev.vecgrad.autodiff.ops.AddBias;
import dev.vecgrad.autodiff.ops.MatMul;
import dev.vecgrad.autodiff.ops.Mul;
import dev.vecgrad.autodiff.ops.Relu;
import dev.vecgrad.autodiff.ops.Reshape;
import dev.vecgrad.autodiff.ops.Scale;
import dev.vecgrad.autodiff.ops.Sum;
import dev.vecgrad.autodiff.ops.Tanh;
import dev.vecgrad.core.Tensor;
import org.junit.jupiter.api.Test;

class TapeTest {

    private static Param param(String name, float... values) {
        return new Param(name, Tensor.wrap(values.clone(), values.length));
    }

    @Test
    void backwardComputesTheChainRule() {
        // loss = sum(relu(x * w + 1) * 2) for x = [1, -2], w = [3, 3]: relu passes only element 0.
        Tape tape = new Tape();
        Param w = param("w", 3f, 3f);
        Node x = tape.constant(Tensor.wrap(new float[] {1f, -2f}, 2));
        Node loss = Sum.apply(Scale.apply(Relu.apply(Add.apply(Mul.apply(x, tape.param(w)),
                tape.constant(Tensor.full(1f, 2)))), 2f));
        assertEquals(8f, loss.item());
        tape.backward(loss);
        assertArrayEquals(new float[] {2f, 0f}, w.gradData());
    }

    @Test
    void parameterGradientsAccumulateAcrossStepsUntilZeroed() {
        Tape tape = new Tape();
        Param w = param("w", 1f, 2f);
        for (int step = 0; step < 3; step++) {
            tape.reset();
            tape.backward(Sum.apply(tape.param(w)));
        }
        assertArrayEquals(new float[] {3f, 3f}, w.gradData());
        w.zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, w.gradData());
    }

    @Test
    void aPassThroughHandsItsGradientToAnInputUsedOnlyThere() {
        // loss = sum(reshape(x * w) * c): the reshape's gradient array becomes the product's.
        Tape tape = new Tape();
        Param w = param("w", 1f, 2f, 3f, 4f);
        Node product = Mul.apply(tape.constant(Tensor.wrap(new float[] {1f, 2f, 3f, 4f}, 4)), tape.param(w));
        Node reshaped = Reshape.apply(product, 2, 2);
        tape.backward(Sum.apply(Mul.apply(reshaped, tape.constant(Tensor.wrap(new float[] {5f, 6f, 7f, 8f}, 2, 2)))));
        assertSame(reshaped.gradData(), product.gradData());
        assertArrayEquals(new float[] {5f, 12f, 21f, 32f}, w.gradData());
    }

    @Test
    void aPassThroughCopiesWhenItsInputHasOtherUses() {
        // loss = sum(p * d) + sum(reshape(p) * c), p = x * w, the reshape recorded last so that
        // its backward runs before p's other use adds to p: p gets both contributions in an
        // array of its own, and the reshape's gradient stays c.
        Tape tape = new Tape();
        Param w = param("w", 1f, 1f);
        Node p = Mul.apply(tape.constant(Tensor.wrap(new float[] {1f, 2f}, 2)), tape.param(w));
        Node first = Sum.apply(Mul.apply(p, tape.constant(Tensor.wrap(new float[] {10f, 20f}, 2))));
        Node reshaped = Reshape.apply(p, 1, 2);
        Node second = Sum.apply(Mul.apply(reshaped, tape.constant(Tensor.wrap(new float[] {3f, 4f}, 1, 2))));
        tape.backward(Add.apply(first, second));
        assertNotSame(reshaped.gradData(), p.gradData());
        assertArrayEquals(new float[] {3f, 4f}, reshaped.gradData());
        assertArrayEquals(new float[] {13f, 24f}, p.gradData());
        assertArrayEquals(new float[] {13f, 48f}, w.gradData());
    }

    @Test
    void anAddHandsItsGradientToOneInputAtMost() {
        // loss = sum((p + q) * c), p = x * w, q = x * v: no two nodes share a gradient array.
        Tape tape = new Tape();
        Param w = param("w", 1f, 1f);
        Param v = param("v", 1f, 1f);
        Node x = tape.constant(Tensor.wrap(new float[] {1f, 2f}, 2));
        Node p = Mul.apply(x, tape.param(w));
        Node q = Mul.apply(x, tape.param(v));
        Node sum = Add.apply(p, q);
        tape.backward(Sum.apply(Mul.apply(sum, tape.constant(Tensor.wrap(new float[] {3f, 4f}, 2)))));
        assertNotSame(p.gradData(), q.gradData());
        assertArrayEquals(new float[] {3f, 4f}, p.gradData());
        assertArrayEquals(new float[] {3f, 4f}, q.gradData());
        assertArrayEquals(new float[] {3f, 8f}, w.gradData());
        assertArrayEquals(new float[] {3f, 8f}, v.gradData());
    }

    @Test
    void aParameterUsedTwiceGetsBothContributions() {
        Tape tape = new Tape();
        Param w = param("w", 0.5f);
        Node loss = Sum.apply(Mul.apply(tape.param(w), tape.param(w)));   // w^2
        tape.backward(loss);
        assertEquals(1f, w.gradData()[0]);                                  // 2w
    }

    @Test
    void withGradientsOffNothingIsRecorded() {
        Tape tape = new Tape();
        tape.setGradEnabled(false);
        Param w = param("w", 1f, 2f);
        Node y = Tanh.apply(Mul.apply(tape.param(w), tape.param(w)));
        assertEquals(0, tape.recordedNodes());
        assertTrue(!y.requiresGrad());
        assertEquals((float) Math.tanh(4), y.value().get(1), 1e-6f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.backward(Sum.apply(y)));
        assertTrue(e.getMessage().contains("disabled"), e.getMessage());
    }

    @Test
    void constantsGetNoGradient() {
        Tape tape = new Tape();
        Param w = param("w", 2f);
        Node c = tape.constant(Tensor.wrap(new float[] {5f}, 1));
        Node product = Mul.apply(c, tape.param(w));
        tape.backward(Sum.apply(product));
        assertNull(c.gradData());
        assertEquals(5f, w.gradData()[0]);
    }

    @Test
    void aWatchedInputGetsItsGradient() {
        // loss = sum(tanh(x * w)) for x = [0.5, -1], w = [2, 3]: d/dx = w (1 - tanh^2(x w)).
        Tape tape = new Tape();
        Param w = param("w", 2f, 3f);
        Node x = tape.watch(Tensor.wrap(new float[] {0.5f, -1f}, 2));
        tape.backward(Sum.apply(Tanh.apply(Mul.apply(x, tape.param(w)))));
        double t0 = Math.tanh(1), t1 = Math.tanh(-3);
        assertEquals(2 * (1 - t0 * t0), x.gradData()[0], 1e-6);
        assertEquals(3 * (1 - t1 * t1), x.gradData()[1], 1e-6);
        assertEquals((float) (0.5 * (1 - t0 * t0)), w.gradData()[0], 1e-6f);
    }

    @Test
    void withParamGradsOffOnlyWatchedInputsGetGradients() {
        Tape tape = new Tape();
        tape.setParamGrads(false);
        Param w = param("w", 2f, 3f);
        w.gradData()[0] = 7f;                                               // must survive untouched
        Node x = tape.watch(Tensor.wrap(new float[] {0.5f, -1f}, 2));
        Node p = tape.param(w);
        tape.backward(Sum.apply(Mul.apply(x, p)));
        assertArrayEquals(new float[] {2f, 3f}, x.gradData());
        assertArrayEquals(new float[] {7f, 0f}, w.gradData());
        assertTrue(!p.requiresGrad());
        // With nothing watched, there is nothing to differentiate: a clear error, not a silent zero.
        tape.reset();
        Node c = tape.constant(Tensor.wrap(new float[] {0.5f}, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> tape.backward(Sum.apply(Mul.apply(c, tape.param(param("v", 1f))))));
        assertTrue(e.getMessage().contains("does not depend"), e.getMessage());
    }

    @Test
    void backwardTwiceOnOneStepIsRefused() {
        Tape tape = new Tape();
        Param w = param("w", 1f);
        Node loss = Sum.apply(tape.param(w));
        tape.backward(loss);
        assertThrows(IllegalStateException.class, () -> tape.backward(loss));
        tape.reset();
        tape.backward(Sum.apply(tape.param(w)));
        assertEquals(2f, w.gradData()[0]);
    }

    @Test
    void nodesFromBeforeAResetAreRejected() {
        Tape tape = new Tape();
        Param w = param("w", 1f);
        Node loss = Sum.apply(Tanh.apply(tape.param(w)));
        tape.reset();
        Sum.apply(tape.param(w));                                          // the old node object is now this one's input
        assertThrows(IllegalStateException.class, () -> tape.backward(loss));
    }

    @Test
    void lossMustBeASingleValue() {
        Tape tape = new Tape();
        Node y = Tanh.apply(tape.param(param("w", 1f, 2f)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
        assertTrue(e.getMessage().contains("(2,)"), e.getMessage());
    }

    @Test
    void nodesFromTwoTapesDoNotMix() {
        Node a = new Tape().constant(Tensor.zeros(2));
        Node b = new Tape().constant(Tensor.zeros(2));
        assertThrows(IllegalArgumentException.class, () -> Add.apply(a, b));
    }

    @Test
    void wrongShapesNameBothShapes() {
        Tape tape = new Tape();
        Node a = tape.constant(Tensor.zeros(3, 2));
        Node b = tape.constant(Tensor.zeros(3, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatMul.apply(a, b));
        assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
        IllegalArgumentException bias = assertThrows(IllegalArgumentException.class,
                () -> AddBias.apply(a, tape.constant(Tensor.zeros(3))));
        assertTrue(bias.getMessage().contains("(3,)") && bias.getMessage().contains("(3, 2)"), bias.getMessage());
    }

    @Test
    void aVeryDeepGraphDoesNotOverflowTheStack() {
        // 200,000 nodes in a chain: backward is a loop, not a recursion.
        Tape tape = new Tape();
        Param w = param("w", 0.5f);
        Node x = tape.param(w);
        for (int i = 0; i < 200_000; i++) {
            x = Scale.apply(x, 1f);
        }
        tape.backward(Sum.apply(x));
        assertEquals(1f, w.gradData()[0]);
    }

    @Test
    void stepsReuseNodesAndBuffers() {
        Tape tape = new Tape();
        Param w = new Param("w", Tensor.full(0.1f, 4, 8));
        Tensor input = Tensor.full(1f, 3, 4);
        Node first = null;
        long capacity = -1;
        for (int step = 0; step < 5; step++) {
            tape.reset();
            Node loss = Sum.apply(Tanh.apply(MatMul.apply(tape.constant(input), tape.param(w))));
            tape.backward(loss);
            if (step == 0) {
                first = loss;
            } else if (step == 1) {
                capacity = tape.bufferCapacity();
            } else {
                assertSame(first, loss, "the same node object serves each step");
                assertEquals(capacity, tape.bufferCapacity(), "no new buffers after the first steps");
            }
        }
    }

    @Test
    void gradViewsHaveTheNodeShape() {
        Tape tape = new Tape();
        Param w = new Param("w", Tensor.full(1f, 2, 3));
        Node y = Tanh.apply(tape.param(w));
        tape.backward(Sum.apply(y));
        assertArrayEquals(new int[] {2, 3}, y.grad().shape());
        assertEquals(1f, y.grad().get(1, 2));
    }
}
