package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.MaxPooling2D;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A CNN trained and run on 1, 2 or 3 threads gives the same bits: the same History, the same
 * weights, the same predictions and Monte Carlo draws, on both kernel sets. The batch sizes (35
 * in training, 7 in prediction) do not divide evenly, the last batch is short, the layers have
 * channel and filter counts around the vector widths, one convolution pads and strides, the
 * noise (split by sample, at odd element counts) and shuffling are on, and the dense layer's
 * products are split by rows in the full training batches only.
 */
class ThreadCountTest {

    @Test
    void theSameBitsWhateverTheThreadCount() {
        SplittableRandom random = new SplittableRandom(4);
        Tensor x = Tensor.zeros(75, 12, 12, 1);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) random.nextDouble();
        }
        Tensor y = Tensor.zeros(75, 1);
        for (int i = 0; i < 75; i++) {
            y.data()[i] = random.nextInt(3);
        }
        for (Kernels kernels : new Kernels[] {KernelProvider.scalar(), KernelProvider.simd()}) {
            Result one = train(kernels, 1, x, y);
            for (int threads : new int[] {2, 3}) {
                Result many = train(kernels, threads, x, y);
                String label = kernels.name() + ", " + threads + " threads";
                assertEquals(one.history, many.history, label);
                for (int w = 0; w < one.weights.size(); w++) {
                    assertArrayEquals(one.weights.get(w).data(), many.weights.get(w).data(), label + ": weight " + w);
                }
                assertArrayEquals(one.predictions, many.predictions, label + ": predictions");
                assertArrayEquals(one.monteCarlo, many.monteCarlo, label + ": Monte Carlo mean");
            }
        }
    }

    @Test
    void aThreadCountBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sequential(1).threads(0));
        assertEquals("threads must be >= 1, got 0", e.getMessage());
    }

    private record Result(History history, List<Tensor> weights, float[] predictions, float[] monteCarlo) {
    }

    private static Result train(Kernels kernels, int threads, Tensor x, Tensor y) {
        Sequential model = new Sequential(5, kernels).threads(threads);
        model.add(new Conv2D(17, 3).activation("relu").inputShape(12, 12, 1));
        model.add(new Conv2D(33, 3).strides(2).padding("same").activation("relu"));
        model.add(new MaxPooling2D());
        model.add(new GaussianNoise(0.1));
        model.add(new Flatten());
        model.add(new Dense(3, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        History history = model.fit(x, y, Fit.epochs(2).batchSize(35).validationData(x, y).verbose(0));
        float[] predictions = model.predict(x, 7).data();
        float[] monteCarlo = model.predictMonteCarlo(x, 3, 11L, 7).mean().data();
        model.threads(1);
        return new Result(history, model.getWeights(), predictions, monteCarlo);
    }
}
