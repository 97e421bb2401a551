package dev.vecgrad.core.kernels;

import java.util.Locale;

/**
 * Chooses the kernels once per JVM: SIMD when the {@code jdk.incubator.vector} module is
 * present, scalar otherwise. {@code -Dvecgrad.kernels=scalar} or {@code =simd} forces one.
 *
 * <p>The SIMD class is loaded by name, and only after the module check passed, so on a JVM
 * started without {@code --add-modules jdk.incubator.vector} no class that touches the
 * Vector API is ever loaded. The choice is announced in exactly one line on standard error.
 */
public final class KernelProvider {

    /** System property that forces a choice: {@code scalar} or {@code simd}. */
    public static final String PROPERTY = "vecgrad.kernels";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String SIMD_CLASS = "dev.vecgrad.core.simd.VectorKernels";
    static final String ENABLE_HINT = "run java with --add-modules " + VECTOR_MODULE + " for SIMD kernels";

    private KernelProvider() {
    }

    /** The kernels this JVM uses; chosen (and announced) on first call. */
    public static Kernels get() {
        return Holder.KERNELS;
    }

    /** Whether the Vector API module is in this JVM's boot layer. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** A new instance of the SIMD kernels, for tests and benchmarks that compare the two. */
    public static Kernels simd() {
        if (!vectorModulePresent()) {
            throw new IllegalStateException("SIMD kernels need the " + VECTOR_MODULE
                    + " module: " + ENABLE_HINT);
        }
        try {
            return (Kernels) Class.forName(SIMD_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + SIMD_CLASS, e);
        }
    }

    /** The decision and its one-line explanation, without side effects (for tests). */
    static Choice choose(String forced, boolean modulePresent) {
        String wanted = forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "":
                return modulePresent
                        ? new Choice(true, "(" + VECTOR_MODULE + " is present)")
                        : new Choice(false, "(" + VECTOR_MODULE + " is not present; " + ENABLE_HINT + ")");
            case "simd":
                if (!modulePresent) {
                    throw new IllegalStateException("-D" + PROPERTY + "=simd was asked for, but the "
                            + VECTOR_MODULE + " module is not present: " + ENABLE_HINT);
                }
                return new Choice(true, "(forced by -D" + PROPERTY + "=simd)");
            case "scalar":
                return new Choice(false, "(forced by -D" + PROPERTY + "=scalar)");
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced
                        + " is not a kernel choice: use scalar or simd");
        }
    }

    record Choice(boolean simd, String reason) {
    }

    /** Lazy holder: the choice is made when {@link #get()} is first called, never again. */
    private static final class Holder {
        static final Kernels KERNELS = create();

        private static Kernels create() {
            Choice choice = choose(System.getProperty(PROPERTY), vectorModulePresent());
            Kernels kernels = choice.simd() ? simd() : new ScalarKernels();
            System.err.println("vecgrad: kernels = " + kernels.description() + " " + choice.reason());
            return kernels;
        }
    }
}
