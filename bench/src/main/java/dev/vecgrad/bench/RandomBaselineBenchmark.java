package dev.vecgrad.bench;

import java.util.Random;
import java.util.SplittableRandom;
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
 * What a Java user would write to fill 15,000 Gaussians: {@code Random.nextGaussian}
 * (the polar method, two doubles and a log per pair, behind a compare-and-set seed) and, on
 * JDK 17 and later, {@code SplittableRandom.nextGaussian} (a ziggurat).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
@State(Scope.Thread)
public class RandomBaselineBenchmark {

    static final int N = ElementwiseBenchmark.N;

    private Random random;
    private SplittableRandom splittable;
    private float[] out;

    @Setup
    public void setUp() {
        random = new Random(42);
        splittable = new SplittableRandom(42);
        out = new float[N];
    }

    @Benchmark
    public float[] javaUtilRandomNextGaussian() {
        for (int i = 0; i < N; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    @Benchmark
    public float[] splittableRandomNextGaussian() {
        for (int i = 0; i < N; i++) {
            out[i] = (float) splittable.nextGaussian();
        }
        return out;
    }
}
