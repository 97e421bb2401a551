package dev.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.CaseStudyNet.NoiseAt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After warm-up, a training step of the case-study network (forward, backward, an Adam
 * update; training and an evaluation pass on the test rows, as fit does every epoch)
 * allocates nothing on the heap: nodes and buffers are recycled, and no Vector API value is
 * boxed. The same holds for a small CNN's step (two direct convolutions, max pooling, a dense
 * layer, sparse cross-entropy) on one thread, probed in a JVM of its own.
 * {@link ZeroAllocationProbe} measures it, for the scalar and the SIMD kernels and every noise
 * placement; this test reads what it printed.
 *
 * <h2>How the JIT and the GC are ruled out</h2>
 * <ul>
 *   <li>Allocation is read from the JVM's counter of bytes allocated by the measuring thread
 *       ({@code ThreadMXBean.getThreadAllocatedBytes}), before and after a window of steps
 *       and nothing else. The GC and the JIT compilers run on threads of their own, so
 *       nothing they do is counted.</li>
 *   <li>Code that the JIT has not yet compiled with C2 does allocate: the Vector API boxes
 *       every vector in the interpreter and in C1's code. How long that lasts is set by
 *       HotSpot's counters, not by a clock: a kernel called once per step reaches C2 only
 *       after about 15,000 calls (tier 4's threshold counts invocations plus loop
 *       back-edges), and the input noise (60 values a step) is such a kernel. Measured
 *       here, its steps allocated until step 8,500 to 17,500, and never after. So the probe
 *       runs windows of {@value ZeroAllocationProbe#WINDOW} steps until one window
 *       allocates not a single byte, for up to {@value ZeroAllocationProbe#MAX_STEPS} steps
 *       (five times the slowest warm-up seen). A JIT still compiling gets there once it is
 *       done; an allocation in the step (one array, one boxed vector per step) never does.</li>
 *   <li>The probe runs in a JVM of its own, for one kernel set, which has compiled nothing
 *       but that set's training step, as a training program's JVM has. Measured inside the
 *       test suite's JVM (run first or after other tests), JDK 17's C2 now and then (one run in 5 to 12)
 *       compiled kernels with a vector boxed on every call (192 bytes a step; JFR named the
 *       Adam update, {@code addBias} and {@code axpby}, under frames of the step that were
 *       back in the interpreter), for good, and another run of the same code did not: what
 *       C2 does there depends on what it compiled before, which no test controls. With both
 *       kernel sets in one probe JVM, JDK 25 once did the same in CI (the SIMD
 *       {@code columnSums} ran the Vector API's Java fallback for good; see the probe).</li>
 * </ul>
 *
 * <p>Kernel code shapes that boxed even in a JVM of their own, on JDK 17, were rewritten and
 * must not come back: a vector chosen by a condition and kept across a loop
 * ({@code k > 1 ? load : zero} in the shallow GEMM, 5,200 bytes a step) and a loop of about
 * 90 vector operations (the Gaussian transform, whose last operations ran out of C2's
 * inlining budget: 576 bytes a step).
 */
class ZeroAllocationTest {

    /**
     * Each noise placement, and the noiseless network as its two Dense layers run it and as a
     * model runs them fused; each kernel set in a JVM of its own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void aWarmTrainingStepAllocatesNothing(String kernels) throws IOException, InterruptedException {
        assertEveryCaseReachesZero(runProbe(kernels), NoiseAt.values().length + 2, ZeroAllocationProbe.MAX_STEPS);
    }

    /** The CNN in a JVM of its own, so that neither probe's compiled code shapes the other's. */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void aWarmCnnStepAllocatesNothing(String kernels) throws IOException, InterruptedException {
        assertEveryCaseReachesZero(runProbe(kernels, "cnn"), 1, ZeroAllocationProbe.CNN_MAX_STEPS);
    }

    /** The probe's output lines; it must finish within 5 minutes and exit 0. */
    private static List<String> runProbe(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ZeroAllocationProbe.class.getName());
        command.addAll(List.of(args));
        // Output to a file, so that the wait below is what bounds the test, not a blocking read.
        Path printedFile = Files.createTempFile("zero-allocation-probe", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(printedFile.toFile()).start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        List<String> out = Files.readAllLines(printedFile, StandardCharsets.UTF_8);
        Files.delete(printedFile);
        String printed = String.join("\n", out);
        assertTrue(finished, "the probe JVM did not finish in 5 minutes:\n" + printed);
        assertEquals(0, process.exitValue(), printed);
        return out;
    }

    private static void assertEveryCaseReachesZero(List<String> out, int expectedCases, int maxSteps) {
        String printed = String.join("\n", out);
        List<String> cases = out.stream().filter(l -> l.startsWith("case ")).toList();
        assertEquals(expectedCases, cases.size(), "one line per case:\n" + printed);
        for (String line : cases) {
            String[] windows = line.split(" ")[3].split(",");
            assertEquals("0", windows[windows.length - 1], "no window of " + ZeroAllocationProbe.WINDOW
                    + " steps in " + maxSteps + " allocated nothing (bytes per window after the"
                    + " kernels and placement), and where the steps allocate (JFR samples, top frames):\n" + printed);
        }
    }
}
