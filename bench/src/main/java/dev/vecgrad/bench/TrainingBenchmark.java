package dev.vecgrad.bench;

import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.History;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.Variant;
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
 * The case study as a user runs it, with the demo's own models and data: one training step
 * (an epoch of the 30 training rows is one batch: forward, loss, backward, Adam) and one
 * whole run (build, then 4000 epochs with the 70 test rows evaluated after each, as the
 * tutorial's {@code validation_data} does). Kernels are the default (SIMD);
 * {@link ScalarTrainingBenchmark} runs the same with scalar kernels.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class TrainingBenchmark {

    static final int EPOCHS = 4000;

    @Param({"a", "b", "c", "d"})
    public String variant;

    private CaseStudyData data;
    private Sequential model;
    private Fit oneStep;
    private Fit wholeRun;

    @Setup
    public void setUp() {
        data = CaseStudyData.tutorial();
        model = Variant.of(variant).build(1);
        oneStep = Fit.epochs(1).verbose(0);
        wholeRun = Fit.epochs(EPOCHS).validationData(data.testX(), data.testY()).verbose(0);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public History trainStep() {
        return model.fit(data.trainX(), data.trainY(), oneStep);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public History wholeRun() {
        return Variant.of(variant).build(1).fit(data.trainX(), data.trainY(), wholeRun);
    }
}
