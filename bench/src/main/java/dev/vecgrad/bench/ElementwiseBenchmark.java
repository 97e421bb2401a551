package dev.vecgrad.bench;

import dev.vecgrad.core.kernels.Kernels;
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
 * Element-wise kernels on one case-study activation (30 x 500 = 15,000 floats, which stays
 * in L2), and the dense-layer kernels of the case study's training rows on the same sizes,
 * SIMD against scalar. {@link Report} turns the time per call into values per ns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class ElementwiseBenchmark {

    static final int N = 15_000;

    @Param({"simd", "scalar"})
    public String impl;

    private Kernels kernels;
    private float[] x;
    private float[] y;
    private float[] out;
    private float[] m;
    private float[] v;
    private float[] bias;
    private float[] features;
    private float[] weights;

    @Setup
    public void setUp() {
        kernels = Impl.of(impl);
        SplittableRandom random = new SplittableRandom(1);
        x = ShapeGemmBenchmark.values(random, N);
        y = ShapeGemmBenchmark.values(random, N);
        out = new float[N];
        m = new float[N];
        v = new float[N];
        bias = new float[500];
        features = ShapeGemmBenchmark.values(random, 30 * 2);
        weights = ShapeGemmBenchmark.values(random, 2 * 500);
    }

    @Benchmark
    public float[] add() {
        kernels.add(N, x, 0, y, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] axpby() {
        kernels.axpby(N, 1e-9f, x, 0, 1f, out, 0);
        return out;
    }

    @Benchmark
    public float[] relu() {
        kernels.relu(N, x, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] reluBackwardBiasGrad() {
        kernels.reluBackwardBiasGrad(30, 500, x, 0, y, 0, out, 0, 0f, bias, 0);
        return out;
    }

    /** The case study's hidden layer forward: 30 x 500 from 2 features, bias and ReLU. */
    @Benchmark
    public float[] linear() {
        kernels.linear(true, 30, 500, 2, features, 0, weights, 0, bias, 0, out, 0);
        return out;
    }

    /** The case study's first-layer parameter gradients (30 x 500, 2 features) in one pass. */
    @Benchmark
    public float[] denseParamGrads() {
        kernels.denseParamGrads(true, 30, 500, 2, x, 0, y, 0, features, 0, 0f, bias, 0, 0f, weights, 0);
        return weights;
    }

    /** The same as the two kernels it stands for: the masked gradient written, then read by the product. */
    @Benchmark
    public float[] denseParamGradsUnfused() {
        kernels.reluBackwardBiasGrad(30, 500, x, 0, y, 0, out, 0, 0f, bias, 0);
        kernels.gemm(true, false, 2, 500, 30, 1f, features, 0, 2, out, 0, 500, 0f, weights, 0, 500);
        return weights;
    }

    /** {@link #denseParamGrads} without a ReLU (variant c's first layer, whose ReLU comes after the noise). */
    @Benchmark
    public float[] denseParamGradsNoRelu() {
        kernels.denseParamGrads(false, 30, 500, 2, null, 0, y, 0, features, 0, 0f, bias, 0, 0f, weights, 0);
        return weights;
    }

    /** What it stands for: the bias gradient's column sums, then the product reading the gradient. */
    @Benchmark
    public float[] denseParamGradsNoReluUnfused() {
        kernels.columnSums(30, 500, y, 0, 0f, bias, 0);
        kernels.gemm(true, false, 2, 500, 30, 1f, features, 0, 2, y, 0, 500, 0f, weights, 0, 500);
        return weights;
    }

    /** The case study's output layer on its 30 training rows: a 500-long dot product a row, plus the bias. */
    @Benchmark
    public float[] outputLayer() {
        kernels.linear(false, 30, 1, 500, x, 0, weights, 0, bias, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] sigmoid() {
        kernels.sigmoid(N, x, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] tanh() {
        kernels.tanh(N, x, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] adamUpdate() {
        // Parameters out, gradients y; the moments m and v grow and stay finite.
        kernels.adamUpdate(N, out, 0, y, 0, m, 0, v, 0, 0.9f, 0.999f, 1e-9f, 1e-7f);
        return out;
    }
}
