package dev.vecgrad.layers.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Keras's {@code ModelCheckpoint}: saves the model ({@link Sequential#save}, training state
 * included) after every epoch, or, with {@code saveBestOnly}, after each epoch that improves
 * the monitored quantity. {@code {epoch}} in the file name becomes the epoch's number, from 1
 * as Keras writes it ({@code model-{epoch}.vgm}). A quantity whose name holds "acc" improves
 * upwards, any other (a loss) downwards, as Keras's {@code mode="auto"}.
 */
public final class ModelCheckpoint implements Callback {

    private final String path;
    private final boolean saveBestOnly;
    private final String monitor;
    private final boolean higherIsBetter;
    private double best;

    /** Saves after every epoch. */
    public ModelCheckpoint(Path file) {
        this(file, false, "val_loss");
    }

    /**
     * @param monitor the logged quantity that decides "best" ({@code val_loss}, {@code val_accuracy}, ...)
     */
    public ModelCheckpoint(Path file, boolean saveBestOnly, String monitor) {
        this.path = Objects.requireNonNull(file, "file").toString();
        this.saveBestOnly = saveBestOnly;
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.higherIsBetter = monitor.toLowerCase(Locale.ROOT).contains("acc");
    }

    @Override
    public void onTrainBegin(Sequential model) {
        best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Sequential model) {
        if (saveBestOnly) {
            Double value = logs.get(monitor);
            if (value == null) {
                throw new IllegalArgumentException("ModelCheckpoint monitors '" + monitor + "', which this fit does not"
                        + " log; it logs " + logs.keySet());
            }
            boolean improved = higherIsBetter ? value > best : value < best;
            if (!improved) {
                return;
            }
            best = value;
        }
        Path file = Path.of(path.replace("{epoch}", Integer.toString(epoch + 1)));
        try {
            model.save(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
