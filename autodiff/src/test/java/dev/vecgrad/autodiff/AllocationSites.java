package dev.vecgrad.autodiff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Names the code that allocates, for an allocation test's failure message: runs a piece of
 * work under a JFR recording of allocation samples and lists the allocating stacks, most
 * sampled first. Started only once a test has failed, so it cannot change what was measured.
 */
final class AllocationSites {

    private AllocationSites() {
    }

    private static String describe(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber()
                + (f.getType().equals("Inlined") ? "" : " [" + f.getType() + "]");
    }

    /** The top allocation stacks of {@code times} runs of {@code work}. */
    static String sample(Runnable work, int times) {
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "1000/s");
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            recording.start();
            for (int i = 0; i < times; i++) {
                work.run();
            }
            recording.stop();
            Path file = Files.createTempFile("allocation-sites", ".jfr");
            try {
                recording.dump(file);
                Map<String, Integer> stacks = new HashMap<>();
                for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                    if (event.getStackTrace() == null || !event.getThread().getJavaName()
                            .equals(Thread.currentThread().getName())) {
                        continue;
                    }
                    // The allocating frame, then the first few of ours under it (the Vector API's own
                    // frames, a dozen deep when it boxes, say nothing about which kernel did).
                    List<RecordedFrame> frames = event.getStackTrace().getFrames();
                    String stack = event.getClass("objectClass").getName() + " <- " + describe(frames.get(0)) + " <- ... "
                            + frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("dev.vecgrad"))
                            .limit(4).map(AllocationSites::describe).collect(Collectors.joining(" <- "));
                    stacks.merge(stack, 1, Integer::sum);
                }
                return stacks.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .limit(5).map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining("\n"));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            return "(no JFR sample: " + e + ")";
        }
    }
}
