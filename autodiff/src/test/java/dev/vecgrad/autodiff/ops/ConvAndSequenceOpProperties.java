package dev.vecgrad.autodiff.ops;

import static dev.vecgrad.autodiff.Generators.uniform;
import static dev.vecgrad.autodiff.ops.OpGradientProperties.assertGradients;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
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
     * The direct convolution as the layer builds it: a zero border when the window pads, then
     * the convolution with its bias (or none), on both kernel sets.
     */
    @Property(tries = 60)
    void directConvolution(@ForAll("windows") Window2d w, @ForAll @IntRange(min = 1, max = 5) int filters,
                           @ForAll boolean withBias, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = uniform(random, 1f, 2, w.inHeight(), w.inWidth(), w.channels());
        Tensor kernel = uniform(random, 1f, w.windowH(), w.windowW(), w.channels(), filters);
        Tensor bias = uniform(random, 1f, filters);
        ZeroPad2d pad = new ZeroPad2d(w);
        Conv2d conv = new Conv2d(w.overPaddedInput(), filters, false);
        if (withBias) {
            assertGradients((t, in) -> conv.apply(w.isPadded() ? pad.apply(in[0]) : in[0], in[1], in[2]), x, kernel,
                    bias);
        } else {
            assertGradients((t, in) -> conv.apply(w.isPadded() ? pad.apply(in[0]) : in[0], in[1], null), x, kernel);
        }
    }

    /**
     * The direct convolution at sizes that reach the SIMD kernel's register blocks and their
     * remainders: rows of 9 to 12 output pixels (one 8-pixel block and single pixels), and
     * either filters or channels at 17 or 33 (one or two vectors at 256 and 512 bits and a
     * scalar rest). Few tries: each is thousands of forward passes.
     */
    @Property(tries = 12)
    void directConvolutionAtVectorWidths(@ForAll @IntRange(min = 9, max = 12) int width,
                                         @ForAll @IntRange(min = 1, max = 3) int window,
                                         @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll boolean same,
                                         @ForAll boolean wideFilters, @ForAll boolean thirtyThree,
                                         @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int wide = thirtyThree ? 33 : 17;
        int channels = wideFilters ? 2 : wide;
        int filters = wideFilters ? wide : 3;
        int height = window + 1;
        Window2d w = Window2d.of(height, width * stride, channels, window, window, stride, stride,
                same ? Padding.SAME : Padding.VALID);
        Tensor x = uniform(random, 1f, 1, w.inHeight(), w.inWidth(), w.channels());
        Tensor kernel = uniform(random, 1f, window, window, channels, filters);
        Tensor bias = uniform(random, 1f, filters);
        ZeroPad2d pad = new ZeroPad2d(w);
        Conv2d conv = new Conv2d(w.overPaddedInput(), filters, false);
        assertGradients((t, in) -> conv.apply(w.isPadded() ? pad.apply(in[0]) : in[0], in[1], in[2]), x, kernel, bias);
    }

    /**
     * The fused ReLU is exactly a ReLU after the convolution: the same values and, since the
     * output's sign is the pre-activation's, the same gradients, bit for bit. (A central
     * difference across the kink would not be a fair check of the fused op.)
     */
    @Property(tries = 30)
    void fusedReluIsTheConvolutionThenARelu(@ForAll("windows") Window2d w, @ForAll @IntRange(min = 1, max = 40) int filters,
                                            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Window2d valid = w.overPaddedInput();
        Tensor x = uniform(random, 1f, 2, valid.inHeight(), valid.inWidth(), valid.channels());
        Tensor kernel = uniform(random, 1f, valid.windowH(), valid.windowW(), valid.channels(), filters);
        Tensor bias = uniform(random, 1f, filters);
        Tensor upstream = uniform(random, 1f, 2, valid.outHeight(), valid.outWidth(), filters);
        for (Kernels kernels : new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()}) {
            float[][] fused = convAndGrads(kernels, new Conv2d(valid, filters, true), false, x, kernel, bias, upstream);
            float[][] apart = convAndGrads(kernels, new Conv2d(valid, filters, false), true, x, kernel, bias, upstream);
            for (int i = 0; i < fused.length; i++) {
                assertArrayEquals(apart[i], fused[i], kernels.name() + ": result " + i);
            }
        }
    }

    /** The output, then the gradients of x, the kernel and the bias, for the given upstream gradient. */
    private static float[][] convAndGrads(Kernels kernels, Conv2d conv, boolean reluAfter, Tensor x, Tensor kernel,
                                          Tensor bias, Tensor upstream) {
        Tape tape = new Tape(kernels);
        Param px = new Param("x", x.copy());
        Param pk = new Param("k", kernel.copy());
        Param pb = new Param("b", bias.copy());
        Node out = conv.apply(tape.param(px), tape.param(pk), tape.param(pb));
        if (reluAfter) {
            out = Relu.apply(out);
        }
        tape.backward(out, upstream.data());
        return new float[][] {Arrays.copyOf(out.data(), out.size()), px.grad().data().clone(), pk.grad().data().clone(),
                pb.grad().data().clone()};
    }

    @Test
    void directConvolutionRejectsWrongShapes() {
        Tape tape = new Tape();
        Window2d w = Window2d.of(5, 5, 3, 3, 3, 1, 1, Padding.VALID);
        Conv2d conv = new Conv2d(w, 4, false);
        Node x = tape.constant(Tensor.zeros(1, 5, 5, 3));
        var kernel = assertThrows(IllegalArgumentException.class,
                () -> conv.apply(x, tape.constant(Tensor.zeros(3, 3, 3, 5)), null));
        assertEquals("conv2d: kernel of shape (3, 3, 3, 5) is not (3, 3, 3, 4)", kernel.getMessage());
        var bias = assertThrows(IllegalArgumentException.class,
                () -> conv.apply(x, tape.constant(Tensor.zeros(3, 3, 3, 4)), tape.constant(Tensor.zeros(5))));
        assertEquals("conv2d: bias of shape (5,) is not (4,)", bias.getMessage());
        var padded = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(Window2d.of(5, 5, 3, 3, 3, 1, 1, Padding.SAME), 4, false));
        assertTrue(padded.getMessage().contains("pad the input first"), padded.getMessage());
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
