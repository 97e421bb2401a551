package dev.vecgrad.study.cli;

import static dev.vecgrad.study.cli.DemoCommandTest.assertImage;
import static dev.vecgrad.study.cli.DemoCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code fashion} study end to end on the vendored Fashion-MNIST subset (300 + 300 images), and its refusals. */
class FashionCommandTest {

    private static Path subset;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTheSubset() throws URISyntaxException {
        subset = Path.of(FashionCommandTest.class.getResource("/fashion-mnist-subset/LICENSE").toURI()).getParent();
    }

    @Test
    void theStudyPrintsThreeModelsAndWritesItsFiles() throws IOException {
        DemoCommandTest.Result r = run("fashion", "--data-dir", subset.toString(), "--train", "120", "--test", "60",
                "--epochs", "2", "--runs", "2", "--out", dir.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Fashion-MNIST study: the tutorial's CNN, 120 training and 60 test images"), r.out());
        for (String model : List.of("\nno noise ", "\nGaussianNoise(0.1) after MaxPooling2D ", "\nGaussianNoise(0.1) on the input ")) {
            assertTrue(r.out().contains(model), model + " in\n" + r.out());
        }
        assertTrue(r.out().contains("test accuracy (95% interval)"), r.out());
        assertTrue(r.out().contains("The 95% intervals"), r.out());

        assertImage(dir.resolve("fashion-curves.png"), 3 * 640, 2 * 420);
        assertTrue(Files.size(dir.resolve("fashion-samples.png")) > 1000);
        List<String> history = Files.readAllLines(dir.resolve("fashion-history.csv"));
        assertEquals("model,run,seed,epoch,loss,accuracy,val_loss,val_accuracy", history.get(0));
        assertEquals(1 + 3 * 2 * 2, history.size(), "three models, two runs, two epochs");
        assertEquals(4, Files.readAllLines(dir.resolve("fashion-summary.csv")).size());
        String json = Files.readString(dir.resolve("fashion-summary.json"));
        assertTrue(json.startsWith("{") && json.contains("\"command\": \"fashion\""), json);
        assertEquals(3, json.split("\"description\"").length - 1, json);
        String html = Files.readString(dir.resolve("fashion-report.html"));
        for (String linked : List.of("fashion-curves.png", "fashion-samples.png", "fashion-summary.csv",
                "fashion-summary.json", "fashion-history.csv")) {
            assertTrue(html.contains("\"" + linked + "\""), linked);
        }
        // Ten classes, 120 images, two epochs: better than the 0.1 of guessing, in every run.
        for (String line : history.subList(1, history.size())) {
            double valAccuracy = Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
            assertTrue(valAccuracy > 0.2, line);
        }
    }

    @Test
    void jsonGoesToStandardOutputInsteadOfTheTable() {
        DemoCommandTest.Result r = run("fashion", "--data-dir", subset.toString(), "--train", "40", "--test", "20",
                "--epochs", "1", "--runs", "1", "--out", dir.toString(), "--quiet", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("{") && r.out().contains("\"command\": \"fashion\""), r.out());
        assertTrue(!r.out().contains("test accuracy"), r.out());
    }

    @Test
    void missingDataSaysHowToGetItWithExitCodeTwo() {
        DemoCommandTest.Result r = run("fashion", "--data-dir", dir.resolve("nothing").toString(), "--out",
                dir.toString(), "--quiet");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Fashion-MNIST not found") && r.err().contains("apt-get install dataset-fashion-mnist")
                && r.err().contains("--data-dir DIR"), r.err());
    }

    @Test
    void moreImagesThanThereAreAreRefused() {
        DemoCommandTest.Result tooMany = run("fashion", "--data-dir", subset.toString(), "--train", "301", "--out",
                dir.toString(), "--quiet");
        assertEquals(2, tooMany.exit());
        assertTrue(tooMany.err().contains("ask for more images than") && tooMany.err().contains("(300 training, 300 test)"),
                tooMany.err());
        DemoCommandTest.Result beyond = run("fashion", "--train", "60001", "--out", dir.toString(), "--quiet");
        assertEquals(2, beyond.exit());
        assertTrue(beyond.err().contains("Fashion-MNIST has 60000 training and 10000 test images"), beyond.err());
    }
}
