package dev.vecgrad.layers.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando, MIT licence): 60,000 training and 10,000 test images of clothing,
 * 28x28 grey, ten classes; {@code keras.datasets.fashion_mnist.load_data()} with the pixels
 * scaled to [0, 1]. Read from a directory holding the four IDX files (Debian's
 * {@code dataset-fashion-mnist} package installs them in {@link #DEBIAN_DIR}).
 */
public final class FashionMnist {

    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The training and test splits from the four IDX files in {@code dir} (gzipped or not). */
    public static ImageData load(Path dir) throws IOException {
        return MnistFiles.load(dir, CLASS_NAMES);
    }
}
