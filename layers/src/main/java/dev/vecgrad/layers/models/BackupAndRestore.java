package dev.vecgrad.layers.models;

import dev.vecgrad.layers.io.FitState;
import dev.vecgrad.layers.io.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Keras's {@code BackupAndRestore}: a fit that survives being interrupted. After every epoch the
 * model, its optimizer's state, its counters and the fit's history so far are saved to
 * {@code backup.vgm} in the folder, atomically (a crash mid-save leaves the previous backup
 * whole). A {@code fit} given the same folder finds the backup, restores it, and goes on from
 * the next epoch; because every random draw is addressed by (seed, epoch, step), it returns the
 * History and leaves the weights that the uninterrupted fit would have, bit for bit. When the fit
 * ends normally the backup is deleted.
 *
 * <p>A {@code minInterval} (the second constructor) spaces the backups out in time (each costs a file written and
 * synced): an epoch's end is backed up only once that long has passed since the fit began or
 * was last backed up. Where the backups fall changes nothing in the result.
 *
 * <p>A backup from another model (configuration), other data, or a fit with other options
 * (epochs, batch size, shuffle, seed, validation) is refused, with the difference named: it
 * would not continue this fit. Other callbacks' state (an {@link EarlyStopping}'s patience) is
 * not kept, as in Keras.
 */
public final class BackupAndRestore implements Callback {

    /** The backup's file name in the folder. */
    public static final String FILE = "backup.vgm";

    private final Path file;
    private final long minIntervalNanos;
    private long lastBackup;
    // The training data's checksum, taken once per fit (a pass over the data).
    private FitRun checksummed;
    private long checksum;

    /** Backs up at the end of every epoch, as Keras does. */
    public BackupAndRestore(Path dir) {
        this(dir, Duration.ZERO);
    }

    /** Backs up at the end of an epoch once {@code minInterval} has passed since the last backup (or the start). */
    public BackupAndRestore(Path dir, Duration minInterval) {
        this.file = Objects.requireNonNull(dir, "backup folder").resolve(FILE);
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("the interval between backups must be >= 0, got " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
    }


    /** The backup file (there while a fit is unfinished). */
    public Path file() {
        return file;
    }

    @Override
    public void onTrainBegin(Sequential model) {
        lastBackup = System.nanoTime();
        if (!Files.exists(file)) {
            return;
        }
        ModelFile.Loaded backup;
        try {
            backup = ModelFile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the backup " + file + ": " + e.getMessage(), e);
        }
        FitRun fit = model.currentFit();
        String config = ModelFile.configuration(model);
        if (!backup.configuration().equals(config)) {
            throw new IllegalStateException("the backup " + file + " was made by another model: it holds "
                    + backup.configuration() + ", this model is " + config);
        }
        if (backup.fit() == null) {
            throw new IllegalStateException(file + " is a model file without a fit to resume, not a backup");
        }
        String difference = difference(backup.fit(), fit, checksum(fit));
        if (difference != null) {
            throw new IllegalStateException("the backup " + file + " is of another fit: " + difference
                    + "; delete it to start this fit afresh");
        }
        model.setWeights(backup.model().getWeights());
        Sequential saved = backup.model();
        model.optimizer().restoreState(model.params(), saved.optimizer().iterations(), saved.optimizer().state());
        model.restoreTrainingCounters(saved.epochsTrained(), saved.stepsTrained());
        model.resumeFit(History.of(backup.fit().history()));
    }

    /** What differs between the backup's fit and this one, or null. */
    private static String difference(FitState saved, FitRun now, long dataChecksum) {
        if (saved.epochs() != now.epochs()) {
            return "epochs " + saved.epochs() + " there, " + now.epochs() + " here";
        }
        if (saved.batchSize() != now.batchSize()) {
            return "batch size " + saved.batchSize() + " there, " + now.batchSize() + " here";
        }
        if (saved.shuffle() != now.shuffle()) {
            return "shuffle " + saved.shuffle() + " there, " + now.shuffle() + " here";
        }
        if (saved.seed() != now.seed()) {
            return "seed " + saved.seed() + " there, " + now.seed() + " here";
        }
        if (saved.validation() != now.validation()) {
            return "validation data " + (saved.validation() ? "given there, not here" : "not given there, given here");
        }
        if (saved.dataChecksum() != dataChecksum) {
            return "the training data differ (checksum " + Long.toHexString(saved.dataChecksum()) + " there, "
                    + Long.toHexString(dataChecksum) + " here)";
        }
        return null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Sequential model) {
        if (System.nanoTime() - lastBackup < minIntervalNanos) {
            return;
        }
        FitRun fit = model.currentFit();
        try {
            ModelFile.save(model, new FitState(fit.epochs(), fit.batchSize(), fit.shuffle(), fit.seed(),
                    checksum(fit), fit.validation(), fit.history().asMap()), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + file + ": " + e.getMessage(), e);
        }
        lastBackup = System.nanoTime();
    }

    private long checksum(FitRun fit) {
        if (checksummed != fit) {
            checksummed = fit;
            checksum = fit.dataChecksum();
        }
        return checksum;
    }

    /** The fit is complete: nothing to resume. */
    @Override
    public void onTrainEnd(Sequential model) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the finished fit's backup " + file + ": " + e.getMessage(), e);
        }
    }
}
