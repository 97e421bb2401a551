package dev.vecgrad.bench;

import dev.vecgrad.core.kernels.ParallelGemm;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square GEMM, {@code C = A * B}: SIMD on one thread and on two ({@link ParallelGemm}), and
 * scalar. Time per call; GFLOP/s is {@code 2 n^3 / time} ({@link Report} prints it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class GemmBenchmark {

    @Param({"simd", "simd-2t", "scalar"})
    public String impl;

    @Param({"64", "128", "256", "512", "1024"})
    public int size;

    private ParallelGemm gemm;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        gemm = impl.equals("simd-2t") ? new ParallelGemm(Impl.of("simd"), 2) : new ParallelGemm(Impl.of(impl), 1);
        SplittableRandom random = new SplittableRandom(size);
        a = new float[size * size];
        b = new float[size * size];
        c = new float[size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble() - 0.5f;
            b[i] = (float) random.nextDouble() - 0.5f;
        }
    }

    @TearDown
    public void tearDown() {
        gemm.close();
    }

    @Benchmark
    public float[] gemm() {
        gemm.gemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }
}
