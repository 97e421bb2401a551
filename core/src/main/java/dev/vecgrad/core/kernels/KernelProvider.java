package dev.vecgrad.core.kernels;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the kernels once per JVM: SIMD where the Vector API is present and fast, scalar
 * otherwise. {@code -Dvecgrad.kernels=scalar} or {@code =simd} forces one.
 *
 * <p>SIMD is chosen only when all of these hold; otherwise the scalar kernels are, and
 * {@link #choice()} says why and what to do:
 * <ul>
 *   <li>The {@code jdk.incubator.vector} module is present ({@code --add-modules
 *       jdk.incubator.vector}).</li>
 *   <li>C2 compiles the code. The Vector API is fast only where C2 turns its calls into
 *       instructions; the interpreter ({@code -Xint}) and C1 alone
 *       ({@code -XX:TieredStopAtLevel=1}) box every vector and run many times slower than
 *       plain loops. Both say so in {@code java.vm.info}, which costs nothing to read; other
 *       ways of turning C2 off (tier 2 or 3, {@code -XX:-UseCompiler}) would need the
 *       management API (tens of milliseconds at start-up) and are left to
 *       {@code -Dvecgrad.kernels=scalar}.</li>
 *   <li>The preferred vector shape holds at least 256 bits (8 floats). With 128-bit vectors
 *       (SSE only, {@code -XX:MaxVectorSize=16}, NEON) the kernels' register tiles and
 *       tails are sized wrong and the scalar loops, which HotSpot auto-vectorizes, do as
 *       well.</li>
 * </ul>
 *
 * <p>The SIMD class is loaded by name, and only after the module check passed, so on a JVM
 * started without {@code --add-modules jdk.incubator.vector} no class that touches the
 * Vector API is ever loaded. The choice is logged through {@link System.Logger} (logger
 * {@code dev.vecgrad.core.kernels}, level DEBUG); a library does not print on its own, so
 * applications that want to show it (the demo does) print {@link Choice#line()}.
 */
public final class KernelProvider {

    /** System property that forces a choice: {@code scalar} or {@code simd}. */
    public static final String PROPERTY = "vecgrad.kernels";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String SIMD_CLASS = "dev.vecgrad.core.simd.VectorKernels";
    static final String ENABLE_HINT = "run java with --add-modules " + VECTOR_MODULE + " for SIMD kernels";
    /** The narrowest vectors the SIMD kernels are built for: 8 floats. */
    static final int MIN_VECTOR_BITS = 256;

    private static final System.Logger LOG = System.getLogger("dev.vecgrad.core.kernels");

    private KernelProvider() {
    }

    /** The kernels this JVM uses; chosen (and logged) on first call. */
    public static Kernels get() {
        return Holder.CHOICE.kernels();
    }

    /** Which kernels this JVM uses and why; chosen on first call, as {@link #get()}. */
    public static Choice choice() {
        return Holder.CHOICE;
    }

    /** Checked scalar kernels, for tests and benchmarks that compare the two. */
    public static Kernels scalar() {
        return new Kernels(new ScalarKernels());
    }

    /** Checked SIMD kernels, for tests and benchmarks that compare the two; needs the module. */
    public static Kernels simd() {
        return new Kernels(simdSupport());
    }

    /** Whether the Vector API module is in this JVM's boot layer. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static KernelSupport simdSupport() {
        if (!vectorModulePresent()) {
            throw new IllegalStateException("SIMD kernels need the " + VECTOR_MODULE + " module: " + ENABLE_HINT);
        }
        try {
            return (KernelSupport) Class.forName(SIMD_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + SIMD_CLASS, e);
        }
    }

    /** The preferred vector shape's width, read through the SIMD class (so only with the module present). */
    private static int simdVectorBits() {
        try {
            return (Integer) Class.forName(SIMD_CLASS).getMethod("preferredVectorBits").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot ask " + SIMD_CLASS + " for its vector width", e);
        }
    }

    /** What this JVM offers the SIMD kernels. */
    record Platform(boolean modulePresent, String vmInfo, int preferredVectorBits) {

        /** Read from this JVM; the vector width only when the module is there to ask. */
        static Platform current() {
            boolean present = vectorModulePresent();
            return new Platform(present, System.getProperty("java.vm.info", ""), present ? simdVectorBits() : 0);
        }

        /** Why C2 does not compile here, or null when it does (as far as {@code java.vm.info} tells). */
        String noC2() {
            if (vmInfo.contains("interpreted mode")) {
                return "the JVM runs interpreted (-Xint)";
            }
            if (vmInfo.contains("emulated-client")) {
                return "the JVM compiles with C1 only (-XX:TieredStopAtLevel=1)";
            }
            return null;
        }
    }

    /** The decision and its one-line explanation, without side effects (for tests). */
    static Decision decide(String forced, Platform platform) {
        String wanted = forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "":
                if (!platform.modulePresent()) {
                    return new Decision(false, "(" + VECTOR_MODULE + " is not present; " + ENABLE_HINT + ")");
                }
                String noC2 = platform.noC2();
                if (noC2 != null) {
                    return new Decision(false, "(" + noC2 + ", where the Vector API runs slower than plain loops;"
                            + " run with C2, the JVM's default, for SIMD kernels)");
                }
                if (platform.preferredVectorBits() < MIN_VECTOR_BITS) {
                    return new Decision(false, "(the preferred vectors here have " + platform.preferredVectorBits()
                            + " bits; the SIMD kernels are built for " + MIN_VECTOR_BITS + " or more)");
                }
                return new Decision(true, "(" + VECTOR_MODULE + " is present)");
            case "simd":
                if (!platform.modulePresent()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=simd was asked for, but the "
                            + VECTOR_MODULE + " module is not present: " + ENABLE_HINT);
                }
                return new Decision(true, "(forced by -D" + PROPERTY + "=simd)");
            case "scalar":
                return new Decision(false, "(forced by -D" + PROPERTY + "=scalar)");
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced
                        + " is not a kernel choice: use scalar or simd");
        }
    }

    record Decision(boolean simd, String reason) {
    }

    /** The kernels chosen and the reason, as {@link #line()} puts them in words. */
    public record Choice(Kernels kernels, String reason) {

        /** One line for an application to show: {@code vecgrad: kernels = <description> (<reason>)}. */
        public String line() {
            return "vecgrad: kernels = " + kernels.description() + " " + reason;
        }
    }

    /** Lazy holder: the choice is made when {@link #get()} is first called, never again. */
    private static final class Holder {
        static final Choice CHOICE = create();

        private static Choice create() {
            Decision decision = decide(System.getProperty(PROPERTY), Platform.current());
            Choice choice = new Choice(decision.simd() ? simd() : scalar(), decision.reason());
            LOG.log(Level.DEBUG, choice::line);
            return choice;
        }
    }
}
