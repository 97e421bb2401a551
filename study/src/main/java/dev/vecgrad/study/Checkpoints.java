package dev.vecgrad.study;

import dev.vecgrad.layers.io.AtomicFiles;
import dev.vecgrad.layers.models.BackupAndRestore;
import dev.vecgrad.layers.models.Callback;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a study keeps its progress ({@code --checkpoint DIR}), so that an interrupted study
 * resumes where it stopped: every finished run's result ({@code runs/job-J-run-I.result}) and
 * every running run's fit backup ({@code runs/job-J-run-I/backup.vgm}, a
 * {@link BackupAndRestore}). A run whose result is there is not trained again; a run with a
 * backup goes on from its last backed-up epoch. Both are written atomically, so a crash at any
 * moment leaves the previous file or the new one whole. Since every run is a pure function of
 * its spec and a resumed fit is bit-identical to an uninterrupted one, the study's results are
 * the same as if it had never stopped.
 *
 * <p>Serializable, with the folder as a string: a Spark task takes it along (the folder must then
 * be one every executor writes, as in local mode).
 */
public final class Checkpoints implements Serializable {

    /** Keeps nothing: every run trains, nothing is written. */
    public static final Checkpoints NONE = new Checkpoints(null, Duration.ZERO);

    private static final long serialVersionUID = 1L;
    // Results are read back with Java serialization: only the study's own types and the JDK's.
    private static final String RESULT_TYPES = "dev.vecgrad.**;java.**;!*";

    private final String dir;
    private final Duration backupInterval;

    private Checkpoints(String dir, Duration backupInterval) {
        this.dir = dir;
        this.backupInterval = backupInterval;
    }

    /** Progress kept in {@code dir}; a running fit backed up at most every {@code backupInterval}. */
    public static Checkpoints in(Path dir, Duration backupInterval) {
        if (backupInterval.isNegative()) {
            throw new IllegalArgumentException("the interval between backups must be >= 0, got " + backupInterval);
        }
        return new Checkpoints(dir.toAbsolutePath().toString(), backupInterval);
    }

    /**
     * {@code task}, made to take a run's result from the folder when it is there, and to keep the
     * result of every run it trains.
     */
    public <R extends Serializable> RunPool.Task<R> around(RunPool.Task<R> task) {
        if (dir == null) {
            return task;
        }
        return (job, index) -> {
            Path result = result(job, index);
            if (Files.exists(result)) {
                return read(result);
            }
            R trained = task.run(job, index);
            write(result, trained);
            removeBackupFolder(job, index);
            return trained;
        };
    }

    /** What run (job, index)'s fit adds to its callbacks: its backup, or nothing. */
    public Callback[] fitCallbacks(int job, int index) {
        if (dir == null) {
            return new Callback[0];
        }
        return new Callback[] {new BackupAndRestore(Path.of(dir, "runs", name(job, index)), backupInterval)};
    }

    private Path result(int job, int index) {
        return Path.of(dir, "runs", name(job, index) + ".result");
    }

    /**
     * The finished fit deleted its backup; its folder goes too, unless a crash mid-save left a
     * temporary file there (harmless: it is never read), which keeps it.
     */
    private void removeBackupFolder(int job, int index) {
        try {
            Files.deleteIfExists(Path.of(dir, "runs", name(job, index)));
        } catch (DirectoryNotEmptyException e) {
            // a crashed save's temporary file: kept, with its folder
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the finished run's backup folder: " + e.getMessage(), e);
        }
    }

    private static String name(int job, int index) {
        return "job-" + job + "-run-" + index;
    }

    private static void write(Path file, Serializable result) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(result);
            }
            AtomicFiles.write(bytes.toByteArray(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a run's result in " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> R read(Path file) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(RESULT_TYPES));
            return (R) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("the checkpoint's " + file + " cannot be read (" + e
                    + "); delete it to train that run again", e);
        }
    }
}
