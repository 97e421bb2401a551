package dev.vecgrad.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link TrainingBenchmark} with the scalar kernels, for the SIMD / scalar ratio of whole steps. */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dvecgrad.kernels=scalar"})
public class ScalarTrainingBenchmark extends TrainingBenchmark {
}
