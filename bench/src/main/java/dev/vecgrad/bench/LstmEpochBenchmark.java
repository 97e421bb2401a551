package dev.vecgrad.bench;

import dev.vecgrad.layers.Activation;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.study.nets.NoisySines;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One epoch of the tutorial's LSTM(32) on 6400 sequences of 10 steps, batch 32 (200 steps,
 * Adam, mean squared error): the first epoch a fresh JVM trains, JIT warm-up included (single
 * shot, a new fork each time), which is what a user's first run waits for, and an epoch once
 * warm. Beside it:
 * {@code bench/python/torch_lstm.py}, the same model in PyTorch.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class LstmEpochBenchmark {

    static final int SEQUENCES = 6400;
    static final int STEPS = 10;

    private NoisySines.SequenceSet data;
    private Sequential warm;

    @Setup
    public void setUp() {
        data = NoisySines.generate(SEQUENCES, STEPS, 0.1, 1);
        warm = model();
    }

    private static Sequential model() {
        Sequential model = new Sequential(1);
        model.add(new LSTM(32).inputShape(STEPS, 1));
        model.add(new Activation("relu"));
        model.add(new Dense(1));
        model.compile("mse", "adam");
        return model;
    }

    /** A new model's first epoch in a fresh JVM. */
    @Benchmark
    public History firstEpoch() {
        return model().fit(data.sequences(), data.targets(), Fit.epochs(1).batchSize(32).verbose(0));
    }

    /** An epoch once the JIT has compiled everything: the same model trained on and on. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
    public History warmEpoch() {
        return warm.fit(data.sequences(), data.targets(), Fit.epochs(1).batchSize(32).verbose(0));
    }
}
