package dev.vecgrad.bench;

import dev.vecgrad.core.kernels.Team;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a split point costs: {@code Team.run} of two empty parts after {@code gap} of the
 * caller's own work, minus that work alone ({@link #gapAlone}). A gap of 300 us is about the
 * serial work between two split points of a CNN step; by then a parked worker has gone to
 * sleep, a spinning one has not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TeamBenchmark {

    /** Blackhole.consumeCPU tokens of caller work before each job (about 300 us here at 150,000). */
    @Param({"0", "150000"})
    public long gap;

    private Team team;
    private final int[] sink = new int[2];

    @Setup(Level.Trial)
    public void setUp() {
        team = new Team(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        team.close();
    }

    @Benchmark
    public void gapThenSplit() {
        Blackhole.consumeCPU(gap);
        team.run(2, i -> sink[i]++);
    }

    @Benchmark
    public void gapAlone() {
        Blackhole.consumeCPU(gap);
    }
}
