package dev.vecgrad.bench;

import dev.vecgrad.core.kernels.Kernels;
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
 * The counter-based random fills (Philox4x32-10; Box-Muller for Gaussians) on one
 * case-study noise draw of 15,000 values, SIMD against scalar; {@link RandomBaselineBenchmark}
 * holds what a Java user would write instead. Each call draws from a new stream, as the
 * noise layers do at every step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class RandomBenchmark {

    static final int N = ElementwiseBenchmark.N;

    @Param({"simd", "scalar"})
    public String impl;

    private Kernels kernels;
    private float[] x;
    private float[] out;
    private long stream;

    @Setup
    public void setUp() {
        kernels = Impl.of(impl);
        x = new float[N];
        out = new float[N];
    }

    @Benchmark
    public float[] fillGaussian() {
        kernels.fillGaussian(42, stream++, 0, out, 0, N, 0f, 1f);
        return out;
    }

    @Benchmark
    public float[] fillUniform() {
        kernels.fillUniform(42, stream++, 0, out, 0, N);
        return out;
    }

    @Benchmark
    public float[] addGaussianNoise() {
        kernels.addGaussianNoise(42, stream++, 0, x, 0, out, 0, N, 0.1f);
        return out;
    }
}
