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
 * The products one case-study epoch runs (30 training rows, 70 validation rows, 500 hidden
 * units), each as its op calls it, SIMD against scalar. The shape is
 * {@code <op(A)><op(B)>_<m>x<n>x<k>}, N for as stored and T for transposed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class ShapeGemmBenchmark {

    @Param({"simd", "scalar"})
    public String impl;

    /** Forward hidden (train, validation), forward output, dW1 = X^T dZ1, dW2 = H^T dZ2, dH = dZ2 W2^T. */
    @Param({"NN_30x500x2", "NN_70x500x2", "NN_30x1x500", "TN_2x500x30", "TN_500x1x30", "NT_30x500x1"})
    public String shape;

    /** 0 writes C; 1 adds to it, as every weight gradient is added to its parameter's. */
    @Param({"0", "1"})
    public float beta;

    private Kernels kernels;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        kernels = Impl.of(impl);
        transA = shape.charAt(0) == 'T';
        transB = shape.charAt(1) == 'T';
        String[] dims = shape.substring(3).split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        SplittableRandom random = new SplittableRandom(m * 31 + n);
        a = values(random, m * k);
        b = values(random, k * n);
        c = new float[m * n];
    }

    static float[] values(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble() - 0.5f;
        }
        return x;
    }

    /** Flops of one call, for GFLOP/s. */
    static double flops(String shape) {
        String[] dims = shape.substring(3).split("x");
        return 2.0 * Integer.parseInt(dims[0]) * Integer.parseInt(dims[1]) * Integer.parseInt(dims[2]);
    }

    @Benchmark
    public float[] gemm() {
        kernels.gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
        return c;
    }
}
