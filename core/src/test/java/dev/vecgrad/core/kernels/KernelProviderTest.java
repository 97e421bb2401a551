package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelProviderTest {

    @Test
    void choosesSimdWhenTheModuleIsPresent() {
        KernelProvider.Choice choice = KernelProvider.choose(null, true);
        assertTrue(choice.simd());
    }

    @Test
    void choosesScalarWithAHintWhenTheModuleIsAbsent() {
        KernelProvider.Choice choice = KernelProvider.choose(null, false);
        assertFalse(choice.simd());
        assertTrue(choice.reason().contains("--add-modules jdk.incubator.vector"), choice.reason());
    }

    @Test
    void thePropertyForcesEitherChoice() {
        assertFalse(KernelProvider.choose("scalar", true).simd());
        assertTrue(KernelProvider.choose(" SIMD ", true).simd());
        IllegalStateException noModule = assertThrows(IllegalStateException.class,
                () -> KernelProvider.choose("simd", false));
        assertTrue(noModule.getMessage().contains("--add-modules jdk.incubator.vector"), noModule.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> KernelProvider.choose("avx", true));
        assertTrue(typo.getMessage().contains("avx"), typo.getMessage());
    }

    @Test
    void thisTestJvmHasTheModuleAndUsesSimd() {
        // Surefire's argLine adds the module, so the default choice here is SIMD.
        assertTrue(KernelProvider.vectorModulePresent());
        assertEquals("simd", KernelProvider.get().name());
    }

    /** Output of a child JVM running {@link FallbackProbe}: exit code, stdout lines, stderr lines. */
    record Child(int exit, List<String> out, List<String> err) {
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

    @Test
    void withoutTheModuleAChildJvmFallsBackToScalarAndSaysHowToEnableSimd() throws Exception {
        Child child = runChild("-Xlog:class+load=info:stdout");
        assertEquals(0, child.exit(), String.join("\n", child.err()));
        assertTrue(child.out().contains("chosen scalar"), String.join("\n", child.out()));
        List<String> announcements = child.err().stream().filter(l -> l.startsWith("vecgrad: kernels")).toList();
        assertEquals(1, announcements.size(), "exactly one line names the choice: " + child.err());
        assertTrue(announcements.get(0).contains("--add-modules jdk.incubator.vector"), announcements.get(0));
        // The same product as the scalar kernels compute here.
        assertTrue(child.out().contains(gemmBits(FallbackProbe.problem(new ScalarKernels()))));
        // No SIMD class, nor any Vector API class, was loaded.
        for (String line : child.out()) {
            assertFalse(line.contains("dev.vecgrad.core.simd") || line.contains("jdk.incubator.vector"), line);
        }
    }

    @Test
    void withTheModuleAChildJvmUsesSimdAndAgreesWithTheScalarProduct() throws Exception {
        Child child = runChild("--add-modules=jdk.incubator.vector");
        assertEquals(0, child.exit(), String.join("\n", child.err()));
        assertTrue(child.out().contains("chosen simd"), String.join("\n", child.out()));
        String line = child.out().stream().filter(l -> l.startsWith("gemm")).findFirst().orElseThrow();
        String[] simdBits = line.split(" ");
        float[] scalar = FallbackProbe.problem(new ScalarKernels());
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
        Child child = runChild("--add-modules=jdk.incubator.vector", "-Dvecgrad.kernels=scalar");
        assertEquals(0, child.exit(), String.join("\n", child.err()));
        assertTrue(child.out().contains("chosen scalar"));
        assertTrue(child.err().stream().anyMatch(l -> l.contains("forced by -Dvecgrad.kernels=scalar")), child.err().toString());
    }
}
