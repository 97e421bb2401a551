package dev.vecgrad.study.cli;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.layers.io.AtomicFiles;
import dev.vecgrad.study.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --checkpoint DIR} and {@code --resume}, for every study that trains runs. The folder
 * keeps the study's options ({@code study.txt}), each finished run's result and each running
 * run's fit backup ({@link Checkpoints}); {@code --resume} with the same options skips the
 * finished runs, continues the interrupted ones from their last backup, and writes the outputs
 * an uninterrupted study writes. Resuming with other options is refused, the first difference
 * named.
 */
final class CheckpointOptions {

    /** The study's options as the checkpoint records them. */
    static final String STUDY_FILE = "study.txt";
    /** Options that change where results go or how they are shown, never what they are. */
    private static final Set<String> NOT_COMPARED = Set.of("--out", "--quiet", "--json", "--threads", "--checkpoint",
            "--resume", "--checkpoint-every", "--help", "--version");

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Keep the study's progress in DIR (finished"
            + " runs' results, running runs' backups), so that --resume can continue it after an interruption.")
    Path dir;

    @Option(names = "--resume", description = "Continue the study kept in --checkpoint DIR, started with the same"
            + " options: finished runs are not trained again, interrupted ones go on from their last backup.")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", description = "Back up a running run's fit at the"
            + " end of an epoch once this long has passed since its last backup; 0: every epoch"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    double everySeconds;

    /**
     * The checkpoint to keep the study of {@code spec} in, or {@link Checkpoints#NONE}. Starting,
     * it records the options in {@code DIR/study.txt} (and refuses a folder that already holds a
     * study); resuming, it refuses options that differ from those recorded.
     */
    Checkpoints open(CommandSpec spec) throws IOException {
        if (!(everySeconds >= 0) || Double.isInfinite(everySeconds)) {
            throw bad(spec, "--checkpoint-every must be finite and >= 0, got " + everySeconds);
        }
        if (dir == null) {
            if (resume) {
                throw bad(spec, "--resume needs --checkpoint DIR: the folder of the study to continue");
            }
            return Checkpoints.NONE;
        }
        List<String> options = options(spec);
        Path file = dir.resolve(STUDY_FILE);
        if (resume) {
            if (!Files.exists(file)) {
                throw bad(spec, "--resume: " + dir + " holds no checkpoint (no " + STUDY_FILE + ")");
            }
            String difference = difference(Files.readAllLines(file, StandardCharsets.UTF_8), options);
            if (difference != null) {
                throw bad(spec, "--resume: the checkpoint in " + dir + " is of another study: " + difference);
            }
        } else {
            if (Files.exists(file)) {
                throw bad(spec, "--checkpoint " + dir + " already holds a study; add --resume to continue it, or"
                        + " choose another folder");
            }
            AtomicFiles.write((String.join("\n", options) + "\n").getBytes(StandardCharsets.UTF_8), file);
        }
        return Checkpoints.in(dir, Duration.ofMillis(Math.round(everySeconds * 1000)));
    }

    /** The command, the kernels, and every option that decides the results, with its value (defaults too). */
    static List<String> options(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        lines.add("command=" + spec.name());
        lines.add("kernels=" + KernelProvider.get().name());
        List<String> options = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!NOT_COMPARED.contains(option.longestName())) {
                options.add(option.longestName() + "=" + format(option.getValue()));
            }
        }
        options.sort(null);
        lines.addAll(options);
        return lines;
    }

    private static String format(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (value instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof Collection<?> c) {
            return c.toString();
        }
        return value.toString();
    }

    /** The first recorded line that differs from now's, in words; null when none does. */
    private static String difference(List<String> recorded, List<String> now) {
        for (int i = 0; i < Math.max(recorded.size(), now.size()); i++) {
            String then = i < recorded.size() ? recorded.get(i) : "(nothing)";
            String here = i < now.size() ? now.get(i) : "(nothing)";
            if (!then.equals(here)) {
                return then + " there, " + here + " here";
            }
        }
        return null;
    }

    private static ParameterException bad(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
