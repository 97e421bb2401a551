package dev.vecgrad.layers.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST's handwritten digits: 60,000 training and 10,000 test images, 28x28 grey, labels
 * 0-9; {@code keras.datasets.mnist.load_data()} with the pixels scaled to [0, 1]. Read from a
 * directory holding the four IDX files (gzipped or not).
 */
public final class Mnist {

    /** The class names, by label: the digits. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Mnist() {
    }

    /** The training and test splits from the four IDX files in {@code dir} (gzipped or not). */
    public static ImageData load(Path dir) throws IOException {
        return MnistFiles.load(dir, CLASS_NAMES);
    }
}
