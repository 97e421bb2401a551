package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.kernels.KernelProvider.Decision;
import dev.vecgrad.core.kernels.KernelProvider.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelProviderTest {

    private static final Platform FAST = new Platform(true, "mixed mode, sharing", 512);

    @Test
    void choosesSimdWhenTheModuleIsPresentAndC2CompilesWideVectors() {
        assertTrue(KernelProvider.decide(null, FAST).simd());
        assertTrue(KernelProvider.decide(null, new Platform(true, "mixed mode", 256)).simd());
    }

    @Test
    void choosesScalarWithAHintWhenTheModuleIsAbsent() {
        Decision decision = KernelProvider.decide(null, new Platform(false, "mixed mode, sharing", 0));
        assertFalse(decision.simd());
        assertTrue(decision.reason().contains("--add-modules jdk.incubator.vector"), decision.reason());
    }

    @Test
    void choosesScalarWhenC2DoesNotCompile() {
        Decision interpreted = KernelProvider.decide(null, new Platform(true, "interpreted mode, sharing", 512));
        assertFalse(interpreted.simd());
        assertTrue(interpreted.reason().contains("-Xint"), interpreted.reason());
        Decision c1 = KernelProvider.decide(null, new Platform(true, "mixed mode, emulated-client, sharing", 512));
        assertFalse(c1.simd());
        assertTrue(c1.reason().contains("TieredStopAtLevel=1"), c1.reason());
    }

    @Test
    void choosesScalarForVectorsNarrowerThan256Bits() {
        Decision narrow = KernelProvider.decide(null, new Platform(true, "mixed mode", 128));
        assertFalse(narrow.simd());
        assertTrue(narrow.reason().contains("128 bits"), narrow.reason());
    }

    @Test
    void thePropertyForcesEitherChoice() {
        assertFalse(KernelProvider.decide("scalar", FAST).simd());
        assertTrue(KernelProvider.decide(" SIMD ", FAST).simd());
        // Forcing SIMD overrides the speed checks: the user asked for it.
        assertTrue(KernelProvider.decide("simd", new Platform(true, "interpreted mode", 128)).simd());
        IllegalStateException noModule = assertThrows(IllegalStateException.class,
                () -> KernelProvider.decide("simd", new Platform(false, "mixed mode", 0)));
        assertTrue(noModule.getMessage().contains("--add-modules jdk.incubator.vector"), noModule.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> KernelProvider.decide("avx", FAST));
        assertTrue(typo.getMessage().contains("avx"), typo.getMessage());
    }

    @Test
    void thisTestJvmHasTheModuleAndUsesSimd() {
        // Surefire's argLine adds the module, so the default choice here is SIMD.
        assertTrue(KernelProvider.vectorModulePresent());
        assertEquals("simd", KernelProvider.get().name());
        assertTrue(KernelProvider.choice().line().startsWith("vecgrad: kernels = simd"), KernelProvider.choice().line());
    }

    /** Output of a child JVM running {@link FallbackProbe}: exit code, stdout lines, stderr lines. */
    record Child(int exit, List<String> out, List<String> err) {

        String line(String prefix) {
            return out.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in " + out + " " + err));
        }
    }

    private static Child runChild(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FallbackProbe.class.getName());
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return new Child(process.exitValue(),
                new String(out, StandardCharsets.UTF_8).lines().toList(),
                new String(err, StandardCharsets.UTF_8).lines().toList());
    }

    private static String gemmBits(float[] c) {
        StringBuilder bits = new StringBuilder("gemm");
        for (float v : c) {
            bits.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(v)));
        }
        return bits.toString();
    }

    /** A child that fell back to scalar: it says why, through the logger only, and computes the scalar product. */
    private static void assertScalarFallback(Child child, String because) {
        assertEquals(0, child.exit(), String.join("\n", child.err()));
        assertTrue(child.out().contains("chosen scalar"), String.join("\n", child.out()));
        String line = child.line("line ").substring("line ".length());
        assertTrue(line.startsWith("vecgrad: kernels = scalar") && line.contains(because), line);
        assertEquals("log FINE " + line, child.line("log "), "the choice is logged once, at DEBUG (JUL's FINE)");
        assertEquals(1, child.out().stream().filter(l -> l.startsWith("log ")).count(), child.out().toString());
        assertFalse(child.err().stream().anyMatch(l -> l.contains("vecgrad")), "the library printed: " + child.err());
        assertTrue(child.out().contains(gemmBits(FallbackProbe.problem(KernelProvider.scalar()))));
    }

    @Test
    void withoutTheModuleAChildJvmFallsBackToScalarAndSaysHowToEnableSimd() throws Exception {
        Child child = runChild("-Xlog:class+load=info:stdout");
        assertScalarFallback(child, "--add-modules jdk.incubator.vector");
        // No SIMD class, nor any Vector API class, was loaded.
        List<String> loaded = child.out().stream().filter(l -> l.contains("[class,load]")).toList();
        assertFalse(loaded.isEmpty(), "the class-load log is missing: " + child.out());
        for (String line : loaded) {
            assertFalse(line.contains("dev.vecgrad.core.simd") || line.contains("jdk.incubator.vector"), line);
        }
    }

    @Test
    void anInterpretedChildJvmFallsBackToScalar() throws Exception {
        assertScalarFallback(runChild("--add-modules=jdk.incubator.vector", "-Xint"), "-Xint");
    }

    @Test
    void aChildJvmWithoutC2FallsBackToScalar() throws Exception {
        assertScalarFallback(runChild("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"),
                "TieredStopAtLevel=1");
    }

    @Test
    void aChildJvmWith128BitVectorsFallsBackToScalar() throws Exception {
        assertScalarFallback(runChild("--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=16"), "128 bits");
    }

    @Test
    void withTheModuleAChildJvmUsesSimdAndAgreesWithTheScalarProduct() throws Exception {
        Child child = runChild("--add-modules=jdk.incubator.vector");
        assertEquals(0, child.exit(), String.join("\n", child.err()));
        assertTrue(child.out().contains("chosen simd"), String.join("\n", child.out()));
        assertFalse(child.err().stream().anyMatch(l -> l.contains("vecgrad")), "the library printed: " + child.err());
        String[] simdBits = child.line("gemm").split(" ");
        float[] scalar = FallbackProbe.problem(KernelProvider.scalar());
        for (int i = 0; i < scalar.length; i++) {
            float simd = Float.intBitsToFloat(Integer.parseUnsignedInt(simdBits[i + 1], 16));
            // k = 20 products of values below 1: the rounding bound is 23 * 2^-24 * 20.
            assertEquals(scalar[i], simd, 23 * 0x1.0p-24 * FallbackProbe.K, "element " + i);
        }
    }

    @Test
    void askingForSimdWithoutTheModuleFailsWithTheFix() throws Exception {
        Child child = runChild("-Dvecgrad.kernels=simd");
        assertNotEquals(0, child.exit());
        assertTrue(String.join("\n", child.err()).contains("--add-modules jdk.incubator.vector"),
                String.join("\n", child.err()));
    }

    @Test
    void forcingScalarWorksWithTheModulePresent() throws Exception {
        assertScalarFallback(runChild("--add-modules=jdk.incubator.vector", "-Dvecgrad.kernels=scalar"),
                "forced by -Dvecgrad.kernels=scalar");
    }
}
