package dev.vecgrad.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.GradCheck;
import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A small CNN and a small LSTM, built from the layers, checked end to end against central
 * differences: the gradient of every weight and of the input, on random shapes, strides,
 * padding and sequence lengths, with both kernel implementations. The tolerance is the ops'
 * ({@code 1e-3 + 1e-3 |numeric|}, derived in autodiff's {@code OpGradientProperties}).
 */
class LayerGradientProperties {

    static final GradCheck.Options OPTIONS = GradCheck.Options.defaults().withTolerances(1e-3, 1e-3);

    /**
     * MaxPooling2D, Conv2D (tanh, random strides and padding), Flatten, Dense. The pooling
     * comes first so that it sees the input itself, whose windows' values are kept 0.1 apart:
     * one finite-difference step (2^-7) then never changes which element is a window's
     * maximum, where the function has a kink.
     */
    @Property(tries = 30)
    void smallCnn(@ForAll @IntRange(min = 2, max = 9) int height, @ForAll @IntRange(min = 2, max = 9) int width,
                  @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 3) int kernel,
                  @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll boolean same,
                  @ForAll @IntRange(min = 1, max = 4) int filters, @ForAll long seed) {
        int pooledH = height / 2, pooledW = width / 2;
        // A window that does not fit is rejected by the layer (ConvLayersTest); such cases are
        // not checked here, and jqwik counts them as rejected, not as passed.
        Assume.that(same || (kernel <= pooledH && kernel <= pooledW));
        for (Kernels kernels : new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()}) {
            List<Layer> layers = List.of(new MaxPooling2D(),
                    new Conv2D(filters, kernel).strides(stride).padding(same ? "same" : "valid").activation("tanh"),
                    new Flatten(), new Dense(2));
            check(kernels, layers, poolFriendlyImages(new SplittableRandom(seed), 2, height, width, channels), seed);
        }
    }

    /** LSTM (last step or every step), then Dense, on random sequence lengths and sizes. */
    @Property(tries = 30)
    void smallLstm(@ForAll @IntRange(min = 1, max = 6) int timesteps, @ForAll @IntRange(min = 1, max = 4) int features,
                   @ForAll @IntRange(min = 1, max = 5) int units, @ForAll boolean returnSequences,
                   @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(2, timesteps, features);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (Kernels kernels : new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()}) {
            List<Layer> layers = returnSequences
                    ? List.of(new LSTM(units).returnSequences(true), new Flatten(), new Dense(1))
                    : List.of(new LSTM(units), new Dense(1));
            check(kernels, layers, x, seed);
        }
    }

    /** Builds the layers in a chain on x's sample shape and checks the gradients of x and of every weight. */
    private static void check(Kernels kernels, List<Layer> layers, Tensor x, long seed) {
        int[] shape = Arrays.copyOfRange(x.shape(), 1, x.rank());
        List<Param> params = new ArrayList<>();
        params.add(new Param("x", x));
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i).name("layer" + i);
            layer.build(shape, new BuildContext(kernels, seed, i));
            shape = layer.outputShape();
            params.addAll(layer.params());
        }
        // Non-zero biases, so the check does not sit at a special point.
        SplittableRandom random = new SplittableRandom(seed ^ 0x5eed);
        for (Param p : params.subList(1, params.size())) {
            if (p.value().rank() == 1) {
                float[] b = p.value().data();
                for (int j = 0; j < b.length; j++) {
                    b[j] += (float) (random.nextDouble() - 0.5);
                }
            }
        }
        GradCheck.Report report = GradCheck.checkParams((tape, in) -> {
            Node h = in[0];
            for (int i = 0; i < layers.size(); i++) {
                h = layers.get(i).call(h, new CallContext(i, seed));
            }
            return h;
        }, OPTIONS.withKernels(kernels).withSeed(seed), params.toArray(new Param[0]));
        assertTrue(report.passed(), kernels.name() + " " + layers + ": " + report);
    }

    /**
     * NHWC images in which the four elements of every 2 x 2 pooling window are at least 0.1
     * apart: a window's base value in [-0.8, 0.5] plus 0.1 times the element's place in a
     * random order of the four, plus a jitter below 0.01.
     */
    static Tensor poolFriendlyImages(SplittableRandom random, int batch, int height, int width, int channels) {
        Tensor t = Tensor.zeros(batch, height, width, channels);
        float[] d = t.data();
        for (int n = 0; n < batch; n++) {
            for (int wy = 0; wy < (height + 1) / 2; wy++) {
                for (int wx = 0; wx < (width + 1) / 2; wx++) {
                    for (int c = 0; c < channels; c++) {
                        double base = random.nextDouble() * 1.3 - 0.8;
                        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
                        Collections.shuffle(order, new Random(random.nextLong()));
                        for (int k = 0; k < 4; k++) {
                            int y = 2 * wy + k / 2, x = 2 * wx + k % 2;
                            if (y < height && x < width) {
                                d[((n * height + y) * width + x) * channels + c] =
                                        (float) (base + 0.1 * order.get(k) + random.nextDouble() * 0.01);
                            }
                        }
                    }
                }
            }
        }
        return t;
    }
}
