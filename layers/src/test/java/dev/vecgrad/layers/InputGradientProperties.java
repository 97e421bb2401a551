package dev.vecgrad.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.layers.models.Sequential;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Sequential#inputGradient} against central differences of each sample's own loss (the
 * model's {@code evaluate} on that one sample), for an MLP, a CNN and an LSTM on random shapes
 * and batch sizes, with both kernel sets. The noise layer in each model must be off. Numeric
 * derivative: Richardson's combination of steps h and h/2 (h = 2^-7), as autodiff's
 * {@code GradCheck}; tolerance {@code 1e-3 + 1e-3 |numeric|}, the ops' own (derived in
 * autodiff's {@code OpGradientProperties}).
 */
class InputGradientProperties {

    static final double STEP = 0x1.0p-7;
    static final double ABS = 1e-3;
    static final double REL = 1e-3;

    /** Dense(tanh), GaussianNoise, Dense: softmax with sparse labels, or one sigmoid (the tutorial's head). */
    @Property(tries = 25)
    void mlp(@ForAll @IntRange(min = 1, max = 19) int features, @ForAll @IntRange(min = 1, max = 20) int hidden,
             @ForAll @IntRange(min = 1, max = 4) int classes, @ForAll @IntRange(min = 1, max = 5) int samples,
             @ForAll @IntRange(min = 1, max = 4) int batchSize, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = uniform(random, samples, features);
        boolean binary = classes == 1;
        Tensor y = labels(random, samples, binary ? 2 : classes);
        for (Kernels kernels : bothKernels()) {
            Sequential model = new Sequential(seed, kernels);
            model.add(new Dense(hidden, "tanh"));
            model.add(new GaussianNoise(0.5));
            model.add(binary ? new Dense(1, "sigmoid") : new Dense(classes, "softmax"));
            model.compile(binary ? "binary_crossentropy" : "sparse_categorical_crossentropy", "adam");
            model.build(features);
            check(model, x, binary ? y.reshape(samples, 1) : y, batchSize);
        }
    }

    /**
     * MaxPooling2D first (on images whose windows' values are 0.1 apart, so that no step moves
     * a window's maximum), Conv2D(tanh), GaussianNoise, Flatten, Dense(softmax).
     */
    @Property(tries = 20)
    void cnn(@ForAll @IntRange(min = 2, max = 9) int height, @ForAll @IntRange(min = 2, max = 9) int width,
             @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 3) int kernel,
             @ForAll @IntRange(min = 1, max = 4) int filters, @ForAll @IntRange(min = 1, max = 3) int batchSize,
             @ForAll long seed) {
        Assume.that(kernel <= height / 2 && kernel <= width / 2);
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = LayerGradientProperties.poolFriendlyImages(random, 3, height, width, channels);
        Tensor y = labels(random, 3, 3);
        for (Kernels kernels : bothKernels()) {
            Sequential model = new Sequential(seed, kernels);
            model.add(new MaxPooling2D());
            model.add(new Conv2D(filters, kernel).activation("tanh"));
            model.add(new GaussianNoise(0.5));
            model.add(new Flatten());
            model.add(new Dense(3, "softmax"));
            model.compile("sparse_categorical_crossentropy", "adam");
            model.build(height, width, channels);
            check(model, x, y, batchSize);
        }
    }

    /** LSTM, GaussianNoise, Dense(1), mean squared error. */
    @Property(tries = 20)
    void lstm(@ForAll @IntRange(min = 1, max = 6) int timesteps, @ForAll @IntRange(min = 1, max = 4) int features,
              @ForAll @IntRange(min = 1, max = 5) int units, @ForAll @IntRange(min = 1, max = 3) int batchSize,
              @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = uniform(random, 3, timesteps, features);
        Tensor y = uniform(random, 3, 1);
        for (Kernels kernels : bothKernels()) {
            Sequential model = new Sequential(seed, kernels);
            model.add(new LSTM(units));
            model.add(new GaussianNoise(0.5));
            model.add(new Dense(1));
            model.compile("mse", "adam");
            model.build(timesteps, features);
            check(model, x, y, batchSize);
        }
    }

    /** The weights' gradients are never touched, and the noisy gradient is seeded: same seed, same bits. */
    @Example
    void weightsAreOnlyReadAndMonteCarloGradientsAreSeeded() {
        SplittableRandom random = new SplittableRandom(7);
        Tensor x = uniform(random, 40, 5);
        Tensor y = labels(random, 40, 3);
        Sequential model = new Sequential(3);
        model.add(new Dense(8, "relu"));
        model.add(new GaussianNoise(1.0));
        model.add(new Dense(3, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam");
        model.build(5);
        for (Param p : model.params()) {
            java.util.Arrays.fill(p.gradData(), 42f);
        }
        Tensor clean = model.inputGradient(x, y);
        Tensor noisy = model.inputGradientMonteCarlo(x, y, 11);
        for (Param p : model.params()) {
            for (float g : p.gradData()) {
                assertEquals(42f, g, "inputGradient wrote into " + p.name() + "'s gradient");
            }
        }
        assertArrayEquals(noisy.toArray(), model.inputGradientMonteCarlo(x, y, 11).toArray());
        assertFalse(java.util.Arrays.equals(noisy.toArray(), model.inputGradientMonteCarlo(x, y, 12).toArray()));
        assertFalse(java.util.Arrays.equals(noisy.toArray(), clean.toArray()));
        assertArrayEquals(clean.toArray(), model.inputGradient(x, y, 7).toArray(), 1e-6f,
                "the batch size moves a sample's gradient by rounding only");
    }

    /** Every element of every sample: the analytic gradient against the central difference of that sample's loss. */
    private static void check(Sequential model, Tensor x, Tensor y, int batchSize) {
        Tensor analytic = model.inputGradient(x, y, batchSize);
        int n = x.dim(0);
        int width = x.size() / n;
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Tensor xi = x.rows(i, i + 1).copy();
            Tensor yi = y.rows(i, i + 1).copy();
            for (int j = 0; j < width; j++) {
                double numeric = richardson(model, xi, yi, j);
                double got = analytic.data()[i * width + j];
                if (!(Math.abs(got - numeric) <= ABS + REL * Math.abs(numeric))) {
                    failures.append(String.format("%n sample %d element %d: analytic %.6g, numeric %.6g", i, j, got,
                            numeric));
                }
            }
        }
        assertTrue(failures.length() == 0, model.kernels().name() + " batch " + batchSize + ":" + failures);
    }

    private static double richardson(Sequential model, Tensor xi, Tensor yi, int j) {
        double full = central(model, xi, yi, j, STEP);
        double half = central(model, xi, yi, j, STEP / 2);
        return (4 * half - full) / 3;
    }

    private static double central(Sequential model, Tensor xi, Tensor yi, int j, double h) {
        float[] d = xi.data();
        float original = d[j];
        d[j] = (float) (original + h);
        double plus = model.evaluate(xi, yi, 1).loss();
        d[j] = (float) (original - h);
        double minus = model.evaluate(xi, yi, 1).loss();
        d[j] = original;
        return (plus - minus) / (2 * h);
    }

    private static Kernels[] bothKernels() {
        return new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()};
    }

    private static Tensor uniform(SplittableRandom random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return t;
    }

    private static Tensor labels(SplittableRandom random, int samples, int classes) {
        Tensor t = Tensor.zeros(samples);
        for (int i = 0; i < samples; i++) {
            t.data()[i] = random.nextInt(classes);
        }
        return t;
    }
}
