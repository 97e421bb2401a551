package dev.vecgrad.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's FP32 ceiling, as the kernels can reach it: a loop of fused multiply-adds on
 * {@value #CHAINS} independent vector accumulators (more than an FMA's latency times the FMA
 * units, so the units never wait), nothing loaded. One call is {@value #STEPS} steps of
 * {@value #CHAINS} FMAs: {@code GFLOP/s = 2 * STEPS * CHAINS * lanes / (us per call * 1000)},
 * {@link #FLOPS_PER_CALL} at 16 lanes. Issue 14 reads the CNN's step against this.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class FmaPeakBenchmark {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    static final int STEPS = 100_000;
    /** At 512 bits (16 lanes): 2 * 100,000 * 12 * 16 = 38.4 MFLOP. */
    static final long FLOPS_PER_CALL = 2L * STEPS * CHAINS * 16;

    // Not constants, so that C2 cannot fold the loop away.
    private final float[] factors = {1.0000001f, 0.9999999f};

    @Benchmark
    public float fmaLoop() {
        FloatVector a = FloatVector.broadcast(S, factors[0]);
        FloatVector b = FloatVector.broadcast(S, factors[1]);
        FloatVector c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b;
        FloatVector c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
