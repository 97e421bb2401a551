package dev.vecgrad.bench;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;

/** Benchmarks compare the two kernel implementations in one run; this turns the JMH parameter into one. */
final class Impl {

    private Impl() {
    }

    static Kernels of(String name) {
        switch (name) {
            case "simd":
                return KernelProvider.simd();
            case "scalar":
                return KernelProvider.scalar();
            default:
                throw new IllegalArgumentException("impl must be simd or scalar, got " + name);
        }
    }
}
