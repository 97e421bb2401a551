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
 * The binary cross-entropy's sum on the case study's 70 validation logits: the kernel
 * ({@code simd}, {@code scalar}) beside the double-precision form the op used before it
 * ({@code double}: {@code Math.exp} and {@code Math.log1p}), as a same-run baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class LossBenchmark {

    static final int ROWS = 70;

    @Param({"simd", "scalar", "double"})
    public String form;

    private Kernels kernels;
    private float[] logits;
    private float[] labels;

    @Setup
    public void setUp() {
        kernels = form.equals("double") ? null : Impl.of(form);
        SplittableRandom random = new SplittableRandom(1);
        logits = new float[ROWS];
        labels = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            logits[i] = (float) random.nextDouble(-8, 8);
            labels[i] = random.nextInt(2);
        }
    }

    @Benchmark
    public double sigmoidCrossEntropySum() {
        if (kernels == null) {
            double total = 0;
            for (int i = 0; i < ROWS; i++) {
                double z = logits[i];
                total += Math.max(z, 0) - z * labels[i] + Math.log1p(Math.exp(-Math.abs(z)));
            }
            return total;
        }
        return kernels.sigmoidCrossEntropySum(ROWS, logits, 0, labels, 0);
    }
}
