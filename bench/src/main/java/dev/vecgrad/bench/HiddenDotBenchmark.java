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
 * The case study's network (2 features, 500 ReLU units, one output) as the fused kernels
 * {@code reluHiddenDot} and {@code reluHiddenDotGrads}, beside the kernels the layers ran one
 * by one before (the hidden layer written, then read back). {@code rows} 30 are the training
 * points, 70 the test points evaluated after every epoch; the gradients are the training rows'.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class HiddenDotBenchmark {

    static final int UNITS = 500;

    @Param({"simd", "scalar"})
    public String impl;

    @Param({"30", "70"})
    public int rows;

    private Kernels kernels;
    private float[] x;
    private float[] w1;
    private float[] b1;
    private float[] w2;
    private float[] b2;
    private float[] grad;
    private float[] hidden;
    private float[] hiddenGrad;
    private float[] out;
    private float[] w1Grad;
    private float[] b1Grad;
    private float[] w2Grad;

    @Setup
    public void setUp() {
        kernels = Impl.of(impl);
        SplittableRandom random = new SplittableRandom(1);
        x = ShapeGemmBenchmark.values(random, rows * 2);
        w1 = ShapeGemmBenchmark.values(random, 2 * UNITS);
        b1 = ShapeGemmBenchmark.values(random, UNITS);
        w2 = ShapeGemmBenchmark.values(random, UNITS);
        b2 = ShapeGemmBenchmark.values(random, 1);
        grad = ShapeGemmBenchmark.values(random, rows);
        hidden = new float[rows * UNITS];
        hiddenGrad = new float[rows * UNITS];
        out = new float[rows];
        w1Grad = new float[2 * UNITS];
        b1Grad = new float[UNITS];
        w2Grad = new float[UNITS];
        kernels.linear(true, rows, UNITS, 2, x, 0, w1, 0, b1, 0, hidden, 0);
    }

    /** The forward pass as one kernel: the hidden layer never written. */
    @Benchmark
    public float[] forward() {
        kernels.reluHiddenDot(rows, UNITS, 2, x, 0, w1, 0, b1, 0, w2, 0, b2[0], out, 0);
        return out;
    }

    /** The forward pass as the two dense layers ran it: the hidden layer written, then a dot product a row. */
    @Benchmark
    public float[] forwardTwoLayers() {
        kernels.linear(true, rows, UNITS, 2, x, 0, w1, 0, b1, 0, hidden, 0);
        kernels.linear(false, rows, 1, UNITS, hidden, 0, w2, 0, b2, 0, out, 0);
        return out;
    }

    /** The parameter gradients (added to, as each step's are) as one kernel, plus the output bias's sum. */
    @Benchmark
    public float[] gradients() {
        kernels.reluHiddenDotGrads(rows, UNITS, 2, x, 0, w1, 0, b1, 0, w2, 0, grad, 0, 1f, w1Grad, 0, 1f, b1Grad, 0,
                1f, w2Grad, 0);
        kernels.columnSums(rows, 1, grad, 0, 1f, b2, 0);
        return w1Grad;
    }

    /**
     * The same as the two layers' backward passes ran it: the output layer's weight and bias
     * gradients and its input gradient (rows x 500, written), then the hidden layer's
     * parameter gradients in one pass over it.
     */
    @Benchmark
    public float[] gradientsTwoLayers() {
        kernels.gemm(true, false, UNITS, 1, rows, 1f, hidden, 0, UNITS, grad, 0, 1, 1f, w2Grad, 0, 1);
        kernels.columnSums(rows, 1, grad, 0, 1f, b2, 0);
        kernels.gemm(false, true, rows, UNITS, 1, 1f, grad, 0, 1, w2, 0, 1, 0f, hiddenGrad, 0, UNITS);
        kernels.denseParamGrads(true, rows, UNITS, 2, hidden, 0, hiddenGrad, 0, x, 0, 1f, b1Grad, 0, 1f, w1Grad, 0);
        return w1Grad;
    }
}
