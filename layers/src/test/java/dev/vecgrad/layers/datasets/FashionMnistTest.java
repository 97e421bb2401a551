package dev.vecgrad.layers.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader on the vendored subset (the first 300 training and test images of Fashion-MNIST,
 * see the subset's LICENSE), checked against pixels and labels that Python read from the full
 * files ({@code pixels.csv}), and on every kind of malformed file.
 */
class FashionMnistTest {

    private static Path subset;
    private static ImageData data;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        subset = Path.of(FashionMnistTest.class.getResource("/fashion-mnist-subset/pixels.csv").toURI()).getParent();
        data = FashionMnist.load(subset);
    }

    @Test
    void theSubsetHasItsCountsShapesAndClassNames() {
        for (LabeledImages split : List.of(data.train(), data.test())) {
            assertEquals(300, split.size());
            assertArrayEquals(new int[] {300, 28, 28, 1}, split.images().shape());
            assertEquals(10, split.classes());
        }
        assertEquals("Ankle boot", data.classNames().get(9));
    }

    @Test
    void pixelsAndLabelsMatchWhatPythonReadFromTheFullFiles() throws IOException {
        int pixels = 0;
        for (String line : Files.readAllLines(subset.resolve("pixels.csv"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            if (f[0].equals("counts")) {
                int[] counts = new int[10];
                for (int label : split(f[1]).labels()) {
                    counts[label]++;
                }
                assertArrayEquals(ints(f, 2), counts, "label counts of " + f[1]);
            } else if (f[0].equals("labels")) {
                int[] expected = ints(f, 2);
                assertArrayEquals(expected, Arrays.copyOf(split(f[1]).labels(), expected.length), "first labels of " + f[1]);
            } else {
                Tensor images = split(f[0]).images();
                int at = Integer.parseInt(f[1]) * 784 + Integer.parseInt(f[2]) * 28 + Integer.parseInt(f[3]);
                // Scaled as Keras users do, x / 255 in float32: exactly this float.
                assertEquals(Integer.parseInt(f[4]) / 255f, images.data()[images.offset() + at], 0f, line);
                pixels++;
            }
        }
        assertEquals(60, pixels);
    }

    @Test
    void everyPixelIsInZeroOne() {
        Tensor images = data.train().images();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < images.size(); i++) {
            min = Math.min(min, images.data()[images.offset() + i]);
            max = Math.max(max, images.data()[images.offset() + i]);
        }
        assertEquals(0f, min);
        assertEquals(1f, max, "some pixel of 300 clothes is 255");
    }

    @Test
    void oneHotLabelColumnAndFirst() {
        LabeledImages train = data.train();
        Tensor oneHot = train.oneHot();
        assertArrayEquals(new int[] {300, 10}, oneHot.shape());
        Tensor column = train.labelColumn();
        assertArrayEquals(new int[] {300, 1}, column.shape());
        for (int i = 0; i < 300; i++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(c == train.labels()[i] ? 1f : 0f, oneHot.data()[i * 10 + c]);
            }
            assertEquals(train.labels()[i], column.data()[i]);
        }
        LabeledImages first = train.first(7);
        assertEquals(7, first.size());
        assertArrayEquals(Arrays.copyOf(train.labels(), 7), first.labels());
        assertArrayEquals(Arrays.copyOf(train.images().data(), 7 * 784), first.images().data());
        assertThrows(IllegalArgumentException.class, () -> train.first(301));
    }

    @Test
    void rawFilesReadTheSameAsGzipped(@TempDir Path dir) throws IOException {
        for (String name : MnistFiles.FILES) {
            Files.write(dir.resolve(name), gunzip(subset.resolve(name + ".gz")));
        }
        ImageData raw = Mnist.load(dir);
        assertArrayEquals(data.train().images().data(), raw.train().images().data());
        assertArrayEquals(data.test().labels(), raw.test().labels());
        assertEquals("7", raw.classNames().get(7));
    }

    // ------------------------------------------------------------------ malformed files

    /** Copies the subset into {@code dir} raw, with {@code name} replaced by {@code bytes} (raw, or gzipped when the name ends in .gz). */
    private static void subsetWith(Path dir, String name, byte[] bytes) throws IOException {
        for (String file : MnistFiles.FILES) {
            Files.write(dir.resolve(file), gunzip(subset.resolve(file + ".gz")));
        }
        if (name.endsWith(".gz")) {
            Files.delete(dir.resolve(name.substring(0, name.length() - 3)));
        }
        Files.write(dir.resolve(name), bytes);
    }

    private static String refused(Path dir) {
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        return e.getMessage();
    }

    private static byte[] trainImages() throws IOException {
        return gunzip(subset.resolve("train-images-idx3-ubyte.gz"));
    }

    @Test
    void aWrongMagicIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        byte[] images = trainImages();
        images[0] = 0x1f;
        images[1] = 0x00;
        subsetWith(dir, "train-images-idx3-ubyte", images);
        String message = refused(dir);
        assertTrue(message.contains("train-images-idx3-ubyte") && message.contains("not an IDX file"), message);
    }

    @Test
    void aWrongElementTypeIsRefused(@TempDir Path dir) throws IOException {
        byte[] images = trainImages();
        images[2] = 0x0D;
        subsetWith(dir, "train-images-idx3-ubyte", images);
        String message = refused(dir);
        assertTrue(message.contains("train-images-idx3-ubyte") && message.contains("element type 0x0d"), message);
    }

    @Test
    void otherDimensionsThanExpectedAreRefused(@TempDir Path dir) throws IOException {
        byte[] images = trainImages();
        images[11] = 27;
        subsetWith(dir, "train-images-idx3-ubyte", images);
        String message = refused(dir);
        assertTrue(message.contains("dimensions [300, 27, 28], expected [any, 28, 28]"), message);

        byte[] labels = gunzip(subset.resolve("train-labels-idx1-ubyte.gz"));
        labels[3] = 2;
        subsetWith(dir, "train-labels-idx1-ubyte", labels);
        message = refused(dir);
        assertTrue(message.contains("train-labels-idx1-ubyte") && message.contains("2 dimensions, expected 1"), message);
    }

    @Test
    void truncatedAndOverlongDataAreRefused(@TempDir Path dir) throws IOException {
        byte[] images = trainImages();
        subsetWith(dir, "t10k-images-idx3-ubyte", Arrays.copyOf(images, images.length - 1));
        String message = refused(dir);
        assertTrue(message.contains("t10k-images-idx3-ubyte") && message.contains("(truncated)"), message);

        subsetWith(dir, "t10k-images-idx3-ubyte", Arrays.copyOf(images, images.length + 5));
        message = refused(dir);
        assertTrue(message.contains("need 235200 element bytes, but the file holds 235205"), message);

        subsetWith(dir, "t10k-images-idx3-ubyte", Arrays.copyOf(images, 10));
        message = refused(dir);
        assertTrue(message.contains("truncated: the dimensions need 12 bytes, 6 are there"), message);
    }

    @Test
    void aGzippedFileWithTooFewOrTooManyElementsIsRefused(@TempDir Path dir) throws IOException {
        byte[] images = trainImages();
        subsetWith(dir, "train-images-idx3-ubyte.gz", gzip(Arrays.copyOf(images, images.length - 784)));
        String message = refused(dir);
        assertTrue(message.contains("train-images-idx3-ubyte.gz") && message.contains("truncated: the elements need 235200 bytes,"
                + " 234416 are there"), message);

        subsetWith(dir, "train-images-idx3-ubyte.gz", gzip(Arrays.copyOf(images, images.length + 1)));
        message = refused(dir);
        assertTrue(message.contains("more bytes after the 235200 elements"), message);
    }

    @Test
    void aForgedCountIsRefusedWithoutAllocatingIt(@TempDir Path dir) throws IOException {
        byte[] images = trainImages();
        // 2^24 images of 28x28 claimed (13 GB), 300 present; raw and gzipped.
        images[4] = 1;
        images[5] = 0;
        images[6] = 0;
        images[7] = 0;
        subsetWith(dir, "train-images-idx3-ubyte", images);
        String message = refused(dir);
        assertTrue(message.contains("dimensions [16777216, 28, 28] need 13153337344 element bytes"), message);

        subsetWith(dir, "train-images-idx3-ubyte.gz", gzip(images));
        message = refused(dir);
        assertTrue(message.contains("13153337344 elements do not fit in one Java array"), message);

        images[4] = 0;
        images[5] = 1; // 65,536 images: 51 MB claimed, 235 KB there.
        subsetWith(dir, "train-images-idx3-ubyte.gz", gzip(images));
        message = refused(dir);
        assertTrue(message.contains("truncated: the elements need 51380224 bytes, 235200 are there"), message);
    }

    @Test
    void aBrokenOrCutGzipStreamIsRefused(@TempDir Path dir) throws IOException {
        byte[] gz = Files.readAllBytes(subset.resolve("train-images-idx3-ubyte.gz"));
        byte[] corrupt = gz.clone();
        for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
            corrupt[i] ^= 0x5A;
        }
        subsetWith(dir, "train-images-idx3-ubyte.gz", corrupt);
        String message = refused(dir);
        assertTrue(message.contains("train-images-idx3-ubyte.gz") && message.contains("broken or cut gzip stream"), message);

        subsetWith(dir, "train-images-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
        message = refused(dir);
        assertTrue(message.contains("train-images-idx3-ubyte.gz") && message.contains("broken or cut gzip stream"), message);
    }

    @Test
    void imageAndLabelCountsThatDifferAreRefused(@TempDir Path dir) throws IOException {
        byte[] labels = gunzip(subset.resolve("t10k-labels-idx1-ubyte.gz"));
        byte[] fewer = Arrays.copyOf(labels, labels.length - 1);
        fewer[7] = (byte) 299;
        subsetWith(dir, "t10k-labels-idx1-ubyte", fewer);
        String message = refused(dir);
        assertTrue(message.contains("t10k-labels-idx1-ubyte: 299 labels, but t10k-images-idx3-ubyte holds 300 images"), message);
    }

    @Test
    void aLabelOutsideTheTenClassesIsRefused(@TempDir Path dir) throws IOException {
        byte[] labels = gunzip(subset.resolve("train-labels-idx1-ubyte.gz"));
        labels[8 + 5] = 10;
        subsetWith(dir, "train-labels-idx1-ubyte", labels);
        String message = refused(dir);
        assertTrue(message.contains("train-labels-idx1-ubyte: label 10 of image 5 is not in [0, 10)"), message);
    }

    @Test
    void missingFilesAndDirectoriesAreNamed(@TempDir Path dir) throws IOException {
        NoSuchFileException noDir = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(dir.resolve("nothing")));
        assertTrue(noDir.getMessage().contains("nothing") && noDir.getMessage().contains("no such directory"), noDir.getMessage());
        subsetWith(dir, "t10k-labels-idx1-ubyte", new byte[0]);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        NoSuchFileException noFile = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(dir));
        assertTrue(noFile.getMessage().contains("t10k-labels-idx1-ubyte.gz: no such file (nor t10k-labels-idx1-ubyte)"),
                noFile.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private static LabeledImages split(String name) {
        return name.equals("train") ? data.train() : data.test();
    }

    private static int[] ints(String[] fields, int from) {
        return Arrays.stream(fields, from, fields.length).mapToInt(Integer::parseInt).toArray();
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
