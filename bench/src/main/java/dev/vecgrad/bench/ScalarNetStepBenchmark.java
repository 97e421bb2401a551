package dev.vecgrad.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link NetStepBenchmark} with the scalar kernels, for the SIMD / scalar ratio of CNN and LSTM steps. */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dvecgrad.kernels=scalar"})
public class ScalarNetStepBenchmark extends NetStepBenchmark {
}
