package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.MaxPooling2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A trained model's {@code predict}, {@code evaluate} and {@code inputGradient} from many threads at once give
 * exactly what they give one call at a time: each thread runs on its own tape and its own
 * kernel scratch memory, and the weights are only read.
 */
class ConcurrentPredictionTest {

    static final int THREADS = 8;
    static final int CALLS_PER_THREAD = 40;

    @Test
    void predictFromManyThreadsMatchesSerialResults() throws Exception {
        for (Sequential model : List.of(mlp(), cnn(), lstm())) {
            int[] sample = model.layers().get(0).inputShapeBuilt();
            // Inputs of different sizes, so threads run different batch shapes at the same time.
            List<Tensor> inputs = new ArrayList<>();
            List<float[]> serial = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(9);
            for (int i = 0; i < 16; i++) {
                int rows = 1 + random.nextInt(70);
                int[] shape = new int[sample.length + 1];
                shape[0] = rows;
                System.arraycopy(sample, 0, shape, 1, sample.length);
                Tensor x = Tensor.zeros(shape);
                for (int j = 0; j < x.size(); j++) {
                    x.data()[j] = (float) random.nextDouble(-1, 1);
                }
                inputs.add(x);
                serial.add(model.predict(x).data());
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        int checked = 0;
                        for (int c = 0; c < CALLS_PER_THREAD; c++) {
                            int i = (offset + c) % inputs.size();
                            assertArrayEquals(serial.get(i), model.predict(inputs.get(i)).data(), "input " + i);
                            checked++;
                        }
                        return checked;
                    }));
                }
                start.countDown();
                for (Future<Integer> f : futures) {
                    assertEquals(CALLS_PER_THREAD, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void evaluateFromManyThreadsMatchesSerialResults() throws Exception {
        Sequential model = mlp();
        Tensor x = inputs();
        Tensor y = labels();
        var serial = model.evaluate(x, y).asMap();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int c = 0; c < CALLS_PER_THREAD; c++) {
                        assertEquals(serial, model.evaluate(x, y).asMap());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Input gradients beside predictions, from many threads: the same bits as one call at a time, weights untouched. */
    @Test
    void inputGradientsFromManyThreadsMatchSerialResults() throws Exception {
        Sequential model = mlp();
        Tensor x = inputs();
        Tensor y = labels();
        float[] gradient = model.inputGradient(x, y).toArray();
        float[] predictions = model.predict(x).toArray();
        float[] weights = model.getWeights().get(0).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                boolean gradients = t % 2 == 0;
                futures.add(pool.submit(() -> {
                    for (int c = 0; c < CALLS_PER_THREAD; c++) {
                        if (gradients) {
                            assertArrayEquals(gradient, model.inputGradient(x, y).toArray());
                        } else {
                            assertArrayEquals(predictions, model.predict(x).toArray());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(weights, model.getWeights().get(0).toArray());
    }

    /** 50 points for the MLP, and their labels (alternating). */
    private static Tensor inputs() {
        Tensor x = Tensor.zeros(50, 2);
        for (int i = 0; i < 50; i++) {
            x.data()[2 * i] = (float) Math.sin(i);
            x.data()[2 * i + 1] = (float) Math.cos(3 * i);
        }
        return x;
    }

    private static Tensor labels() {
        Tensor y = Tensor.zeros(50, 1);
        for (int i = 0; i < 50; i++) {
            y.data()[i] = i % 2;
        }
        return y;
    }

    static Sequential mlp() {
        Sequential m = new Sequential(1);
        m.add(new Dense(64, "relu").inputDim(2));
        m.add(new GaussianNoise(0.1));
        m.add(new Dense(1, "sigmoid"));
        m.compile("binary_crossentropy", "adam", "accuracy");
        Tensor x = Tensor.zeros(40, 2);
        Tensor y = Tensor.zeros(40, 1);
        for (int i = 0; i < 40; i++) {
            x.data()[2 * i] = (float) Math.cos(i);
            x.data()[2 * i + 1] = (float) Math.sin(i);
            y.data()[i] = i % 3 == 0 ? 1 : 0;
        }
        m.fit(x, y, Fit.epochs(20).verbose(0));
        return m;
    }

    static Sequential cnn() {
        Sequential m = new Sequential(2);
        m.add(new Conv2D(4, 3).activation("relu").inputShape(8, 8, 1));
        m.add(new MaxPooling2D());
        m.add(new Flatten());
        m.add(new Dense(3));
        return m;
    }

    static Sequential lstm() {
        Sequential m = new Sequential(3);
        m.add(new LSTM(8).inputShape(5, 2));
        m.add(new Dense(1));
        return m;
    }
}
