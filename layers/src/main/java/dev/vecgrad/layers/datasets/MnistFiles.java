package dev.vecgrad.layers.datasets;

import dev.vecgrad.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The four files of MNIST's layout ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each gzipped or not), which
 * Fashion-MNIST shares: 28x28 grey images, labels 0-9.
 */
final class MnistFiles {

    static final int SIDE = 28;
    static final int CLASSES = 10;
    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFiles() {
    }

    static ImageData load(Path dir, List<String> classNames) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory");
        }
        return new ImageData(split(dir, "train"), split(dir, "t10k"), classNames);
    }

    private static LabeledImages split(Path dir, String prefix) throws IOException {
        Path imageFile = find(dir, prefix + "-images-idx3-ubyte");
        Path labelFile = find(dir, prefix + "-labels-idx1-ubyte");
        Idx.Array images = Idx.read(imageFile, -1, SIDE, SIDE);
        Idx.Array labels = Idx.read(labelFile, -1);
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new IdxFormatException(labelFile + ": " + labels.dims()[0] + " labels, but " + imageFile.getFileName()
                    + " holds " + n + " images");
        }
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = labels.at(i);
            if (classes[i] >= CLASSES) {
                throw new IdxFormatException(labelFile + ": label " + classes[i] + " of image " + i + " is not in [0, 10)");
            }
        }
        float[] pixels = new float[images.data().length];
        for (int i = 0; i < pixels.length; i++) {
            // Keras's tutorials scale with x / 255.0 in float32; so does this, exactly.
            pixels[i] = images.at(i) / 255f;
        }
        return new LabeledImages(Tensor.wrap(pixels, n, SIDE, SIDE, 1), classes, CLASSES);
    }

    /** {@code name.gz} if present, else {@code name}; neither is a NoSuchFileException naming both. */
    private static Path find(Path dir, String name) throws NoSuchFileException {
        Path gz = dir.resolve(name + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.exists(raw)) {
            return raw;
        }
        throw new NoSuchFileException(gz.toString(), null, "no such file (nor " + raw.getFileName() + ")");
    }
}
