package dev.vecgrad.bench;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.study.nets.NoisyShapes;
import dev.vecgrad.study.nets.NoisySines;
import dev.vecgrad.study.nets.TutorialNets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the demo's CNN, LSTM and Fashion-MNIST studies, noise layer included:
 * {@code fit} for one epoch of 32 samples (one batch: forward, loss, backward through the
 * direct convolutions or the LSTM's 12 unrolled steps, Adam); and inference,
 * {@code predict} on the same 32 samples. Kernels are the default (SIMD);
 * {@link ScalarNetStepBenchmark} runs the same with scalar kernels. Divide by 32 for a
 * figure per sample. {@code -p threads=1,2} runs each on one and two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class NetStepBenchmark {

    static final int BATCH = 32;
    static final int BATCHES = 10;

    /**
     * {@code cnn}: Conv2D(8, 3), Conv2D(8, 3), MaxPooling2D, GaussianNoise(0.1), Flatten, Dense
     * on 12 x 12 x 1 images; {@code lstm}: LSTM(32), GaussianNoise(0.5), ReLU, Dense on 12 steps;
     * {@code fashion}: the tutorial's CNN at full size, Conv2D(32, 3), Conv2D(32, 3),
     * MaxPooling2D, GaussianNoise(0.1), Flatten, Dense(10, softmax), on 28 x 28 x 1 images
     * (uniform random pixels: the time does not depend on them) with sparse labels.
     */
    @Param({"cnn", "lstm", "fashion"})
    public String net;

    /** Threads the model splits each batch's convolutions and poolings over ({@link Sequential#threads}). */
    @Param({"1"})
    public int threads;

    private Sequential model;
    private Tensor x;
    private Tensor xBatches;
    private Tensor y;
    private Fit oneStep;

    @Setup
    public void setUp() {
        if (net.equals("cnn")) {
            var data = NoisyShapes.generate(BATCH, TutorialNets.IMAGE_SIZE, 0.25, 1);
            model = TutorialNets.cnn(1, 0.1);
            x = data.images();
            y = data.labels();
        } else if (net.equals("fashion")) {
            SplittableRandom r = new SplittableRandom(1);
            float[] pixels = new float[BATCH * 28 * 28];
            float[] labels = new float[BATCH];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) r.nextDouble();
            }
            for (int i = 0; i < BATCH; i++) {
                labels[i] = r.nextInt(10);
            }
            model = TutorialNets.fashionCnn(1, 0.1, TutorialNets.NoiseAt.AFTER_POOLING);
            x = Tensor.wrap(pixels, BATCH, 28, 28, 1);
            y = Tensor.wrap(labels, BATCH, 1);
        } else {
            var data = NoisySines.generate(BATCH, TutorialNets.SEQUENCE_LENGTH, 0.1, 1);
            model = TutorialNets.lstm(1, 32, 0.5);
            x = data.sequences();
            y = data.targets();
        }
        model.threads(threads);
        oneStep = Fit.epochs(1).batchSize(BATCH).verbose(0);
        int[] shape = x.shape().clone();
        shape[0] = BATCHES * BATCH;
        xBatches = Tensor.zeros(shape);
        for (int b = 0; b < BATCHES; b++) {
            System.arraycopy(x.data(), x.offset(), xBatches.data(), b * x.size(), x.size());
        }
    }

    @Benchmark
    public History trainStep() {
        return model.fit(x, y, oneStep);
    }

    @Benchmark
    public Tensor inference() {
        return model.predict(x, BATCH);
    }

    /** {@code predict} of 10 batches of 32 (the 32 samples ten times): with threads, whole batches per thread. */
    @Benchmark
    public Tensor inferenceTenBatches() {
        return model.predict(xBatches, BATCH);
    }
}
