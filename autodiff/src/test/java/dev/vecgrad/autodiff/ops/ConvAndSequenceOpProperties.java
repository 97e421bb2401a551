package dev.vecgrad.autodiff.ops;

import static dev.vecgrad.autodiff.Generators.uniform;
import static dev.vecgrad.autodiff.ops.OpGradientProperties.assertGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The backward rules of the ops behind Conv2D, MaxPooling2D and LSTM against central
 * differences, on random geometries (window sizes, strides, padding, odd channel counts)
 * with both kernel implementations. Same tolerance as {@link OpGradientProperties}; the
 * largest products here are a convolution's, sums of up to 3 * 3 * 17 = 153 terms. Measured
 * at that size (5 x 5 x 17 images, 3 x 3 kernels, 5 filters, 60 cases per kernel set): worst
 * absolute error 5.8e-4, within the 1e-3 absolute part alone.
 */
class ConvAndSequenceOpProperties {

    /** A window over a random NHWC input: windows up to 3, strides up to 3, either padding. */
    @Provide
    Arbitrary<Window2d> windows() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 7), Arbitraries.integers().between(1, 7),
                        Arbitraries.of(1, 2, 3, 5, 17), Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 3), Arbitraries.of(Padding.VALID, Padding.SAME))
                .as((h, w, c, kh, kw, sh, sw, p) -> p == Padding.VALID && (kh > h || kw > w) ? null
                        : Window2d.of(h, w, c, kh, kw, sh, sw, p))
                .filter(Objects::nonNull);
    }

    @Property(tries = 60)
    void im2col(@ForAll("windows") Window2d w, @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll long seed) {
        Tensor x = uniform(new SplittableRandom(seed), 2f, batch, w.inHeight(), w.inWidth(), w.channels());
        Im2Col op = new Im2Col(w);
        assertGradients((t, in) -> op.apply(in[0]), x);
    }

    /** A convolution as the layer builds it: patches, then the product with the kernel and the bias. */
    @Property(tries = 40)
    void convolution(@ForAll("windows") Window2d w, @ForAll @IntRange(min = 1, max = 5) int filters,
                     @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = uniform(random, 1f, 2, w.inHeight(), w.inWidth(), w.channels());
        Tensor kernel = uniform(random, 1f, w.windowH(), w.windowW(), w.channels(), filters);
        Tensor bias = uniform(random, 1f, filters);
        Im2Col patches = new Im2Col(w);
        assertGradients((t, in) -> Reshape.apply(
                Linear.apply(patches.apply(in[0]), Reshape.apply(in[1], w.patchSize(), filters), in[2], false),
                2, w.outHeight(), w.outWidth(), filters), x, kernel, bias);
    }

    /**
     * Max pooling. The input's values are distinct and at least 0.05 apart (a shuffled grid,
     * jittered): a perturbation of one step (2^-7) can then never change which element is a
     * window's maximum, where the function has a kink.
     */
    @Property(tries = 60)
    void maxPool(@ForAll("windows") Window2d w, @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll long seed) {
        Tensor x = distinctValues(new SplittableRandom(seed), batch, w.inHeight(), w.inWidth(), w.channels());
        MaxPool2d op = new MaxPool2d(w);
        assertGradients((t, in) -> op.apply(in[0]), x);
    }

    static Tensor distinctValues(SplittableRandom random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            ranks.add(i);
        }
        Collections.shuffle(ranks, new Random(random.nextLong()));
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (ranks.get(i) - t.size() / 2f) * 0.05f + (float) random.nextDouble() * 0.01f;
        }
        return t;
    }

    @Property(tries = 40)
    void sliceColumns(@ForAll @IntRange(min = 1, max = 9) int m, @ForAll @IntRange(min = 1, max = 40) int n,
                      @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int from = random.nextInt(n);
        int to = from + 1 + random.nextInt(n - from);
        SliceColumns op = new SliceColumns(from, to);
        // Two slices of the same input, overlapping or not: their gradients add up.
        int from2 = random.nextInt(n);
        SliceColumns other = new SliceColumns(from2, n);
        Tensor x = uniform(random, 2f, m, n);
        assertGradients((t, in) -> ConcatColumns.apply(op.apply(in[0]), other.apply(in[0])), x);
    }

    @Property(tries = 40)
    void concatColumns(@ForAll @IntRange(min = 1, max = 9) int m, @ForAll @IntRange(min = 1, max = 4) int parts,
                       @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor[] inputs = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            inputs[i] = uniform(random, 2f, m, 1 + random.nextInt(17));
        }
        // The same input twice as well, so one node receives two column blocks' gradients.
        assertGradients((t, in) -> {
            Node[] all = new Node[in.length + 1];
            System.arraycopy(in, 0, all, 0, in.length);
            all[in.length] = in[0];
            return ConcatColumns.apply(all);
        }, inputs);
    }

    // ---------------------------------------------------------------- values, not just gradients

    @Test
    void maxPoolTakesTheWindowMaximumAndIgnoresSamePadding() {
        // One 3x3 single-channel image, 2x2 windows, stride 2, same padding: output 2x2, the
        // windows at the right and bottom hang over the border, which must not count as 0.
        Tape tape = new Tape();
        Node x = tape.constant(Tensor.wrap(new float[] {-1, -2, -3, -4, -5, -6, -7, -8, -9}, 1, 3, 3, 1));
        Node out = new MaxPool2d(Window2d.of(3, 3, 1, 2, 2, 2, 2, Padding.SAME)).apply(x);
        assertEquals(List.of(1, 2, 2, 1), toList(out.shape()));
        assertEquals(-1f, out.data()[0]);
        assertEquals(-3f, out.data()[1]);
        assertEquals(-7f, out.data()[2]);
        assertEquals(-9f, out.data()[3]);
    }

    @Test
    void im2colRejectsImagesOfAnotherShape() {
        Tape tape = new Tape();
        Node x = tape.constant(Tensor.zeros(1, 5, 5, 2));
        Im2Col op = new Im2Col(Window2d.of(5, 5, 3, 3, 3, 1, 1, Padding.VALID));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.apply(x));
        assertEquals("im2col: input of shape (1, 5, 5, 2) is not a batch of (5, 5, 3) images", e.getMessage());
    }

    @Test
    void sliceRejectsColumnsOutsideTheInput() {
        Tape tape = new Tape();
        Node x = tape.constant(Tensor.zeros(2, 3));
        assertThrows(IllegalArgumentException.class, () -> new SliceColumns(2, 4).apply(x));
        assertThrows(IllegalArgumentException.class, () -> new SliceColumns(2, 2));
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> list = new ArrayList<>();
        for (int v : a) {
            list.add(v);
        }
        return list;
    }
}
