package dev.vecgrad.study.cli;

import static dev.vecgrad.study.cli.DemoCommandTest.assertImage;
import static dev.vecgrad.study.cli.DemoCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.Variant;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code robustness} study end to end: the MLP variants, the Fashion-MNIST CNN on the vendored subset, saved models, refusals. */
class RobustnessCommandTest {

    @TempDir
    Path dir;

    @Test
    void theMlpStudyPrintsThreeTablesAReadingAndWritesItsFiles() throws IOException {
        DemoCommandTest.Result r = run("robustness", "--variants", "a,c", "--epochs", "150", "--runs", "3", "--draws", "2",
                "--pgd-steps", "3", "--out", dir.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        for (String title : List.of("Gaussian noise on the test inputs (test accuracy", "FGSM (test accuracy",
                "PGD (test accuracy", "\na  no noise ", "\nc  noise 0.1 before ReLU ", "sigma 0.3", "eps 0.1")) {
            assertTrue(r.out().contains(title), title + " in\n" + r.out());
        }
        for (String reading : List.of("Gaussian noise on the test inputs at sigma 0.3: a (no noise) keeps",
                "FGSM at eps 0.1: a", "PGD at eps 0.1: a", "Does training with noise buy robustness here",
                "Gaussian noise on the test inputs: ", "; FGSM: ", "; PGD: ")) {
            assertTrue(r.out().contains(reading), reading + " in\n" + r.out());
        }
        for (String attack : List.of("noise", "fgsm", "pgd")) {
            assertImage(dir.resolve("robustness-mlp-" + attack + ".png"), 800, 500);
        }
        assertImage(dir.resolve("robustness-mlp-curves.png"), 3 * 640, 420);
        List<String> csv = Files.readAllLines(dir.resolve("robustness-mlp-summary.csv"));
        assertEquals("attack,level,model,description,runs,mean,std,ci_low,ci_high", csv.get(0));
        assertEquals(1 + 3 * 2 * 5, csv.size(), "three attacks, two models, five levels");
        String json = Files.readString(dir.resolve("robustness-mlp-summary.json"));
        assertEquals(6, json.split("\"seed\": ").length - 2, "two models of three runs, and the base seed: " + json);
        String html = Files.readString(dir.resolve("robustness-mlp-report.html"));
        for (String linked : List.of("robustness-mlp-noise.png", "robustness-mlp-fgsm.png", "robustness-mlp-pgd.png",
                "robustness-mlp-summary.csv", "robustness-mlp-summary.json")) {
            assertTrue(html.contains("\"" + linked + "\""), linked);
        }
    }

    /** Strength 0 is the trained model's plain test accuracy: the very figures case-study reports for the same seeds. */
    @Test
    void strengthZeroIsCaseStudysTestAccuracyAndThreadsChangeNothing() {
        String[] common = {"--variants", "a,d", "--epochs", "120", "--runs", "2", "--quiet", "--json"};
        DemoCommandTest.Result caseStudy = run(concat(new String[] {"case-study", "--out", dir.resolve("c").toString()}, common));
        DemoCommandTest.Result one = run(concat(new String[] {"robustness", "--out", dir.resolve("r1").toString(),
            "--draws", "2", "--pgd-steps", "2", "--threads", "1"}, common));
        DemoCommandTest.Result two = run(concat(new String[] {"robustness", "--out", dir.resolve("r2").toString(),
            "--draws", "2", "--pgd-steps", "2", "--threads", "2"}, common));
        assertEquals(0, caseStudy.exit() + one.exit() + two.exit(), caseStudy.err() + one.err() + two.err());
        List<String> expected = all(Pattern.compile("\"test_accuracy\": ([0-9.]+),\\s*\"train_loss\""), caseStudy.out());
        assertEquals(4, expected.size(), caseStudy.out());
        for (String attack : List.of("noise", "fgsm", "pgd")) {
            List<String> atZero = all(Pattern.compile("\"" + attack + "\": \\[\\s*([0-9.]+)"), one.out());
            assertEquals(expected, atZero, attack + " at strength 0 against case-study's test accuracy");
        }
        assertEquals(withoutTimes(one.out()), withoutTimes(two.out()), "one thread against two");
    }

    @Test
    void theFashionStudyRunsOnImagesClippedToTheUnitRange() throws URISyntaxException, IOException {
        Path subset = Path.of(getClass().getResource("/fashion-mnist-subset/LICENSE").toURI()).getParent();
        DemoCommandTest.Result r = run("robustness", "--study", "fashion", "--data-dir", subset.toString(), "--train", "60",
                "--test", "30", "--epochs", "1", "--runs", "2", "--draws", "1", "--pgd-steps", "2", "--eps", "0,0.1",
                "--sigmas", "0,0.2", "--out", dir.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        for (String model : List.of("\nnone  no noise ", "\npooling  GaussianNoise(0.1) after MaxPooling2D",
                "\ninput  GaussianNoise(0.1) on the input")) {
            assertTrue(r.out().contains(model), model + " in\n" + r.out());
        }
        assertTrue(Files.readString(dir.resolve("robustness-fashion-summary.json")).contains("\"value_range\": \"[0, 1]\""));
        assertEquals(1 + 3 * 3 * 2, Files.readAllLines(dir.resolve("robustness-fashion-summary.csv")).size());
    }

    @Test
    void savedModelsAreMeasuredAsTheyAre() throws IOException {
        CaseStudyData data = CaseStudyData.tutorial();
        Sequential model = Variant.D.build(5);
        model.fit(data.trainX(), data.trainY(), Fit.epochs(100).verbose(0));
        Path file = dir.resolve("d.vgm");
        model.save(file);
        double clean = model.evaluate(data.testX(), data.testY()).get("accuracy");
        DemoCommandTest.Result r = run("robustness", "--model", file.toString(), "--draws", "1", "--pgd-steps", "2",
                "--out", dir.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 saved model(s)") && r.out().contains("\nd.vgm  saved model d.vgm"), r.out());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "%.3f", clean)), clean + " in\n" + r.out());

        Sequential noMetric = new Sequential(1);
        noMetric.add(new Dense(1, "sigmoid").inputDim(2));
        noMetric.compile("binary_crossentropy", "adam");
        Path bare = dir.resolve("bare.vgm");
        noMetric.save(bare);
        DemoCommandTest.Result refused = run("robustness", "--model", bare.toString(), "--out", dir.toString(), "--quiet");
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("saved without the metric \"accuracy\""), refused.err());
        DemoCommandTest.Result missing = run("robustness", "--model", dir.resolve("none.vgm").toString(), "--out",
                dir.toString(), "--quiet");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("none.vgm: no such file"), missing.err());
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCodeTwo() {
        String[][] cases = {
            {"--eps", "0,-0.1", "--eps values must be finite and >= 0, got -0.1"},
            {"--sigmas", "NaN", "--sigmas values must be finite and >= 0"},
            {"--pgd-steps", "0", "--pgd-steps must be at least 1, got 0"},
            {"--draws", "0", "--draws must be at least 1, got 0"},
            {"--study", "cifar", "--study must be mlp or fashion, got 'cifar'"},
            {"--variants", "a,z", "unknown variant 'z'"},
            {"--runs", "0", "--runs and --epochs must be at least 1"},
        };
        for (String[] c : cases) {
            DemoCommandTest.Result r = run("robustness", c[0], c[1], "--out", dir.toString(), "--quiet");
            assertEquals(2, r.exit(), c[0] + " " + c[1] + ": " + r.err());
            assertTrue(r.err().contains(c[2]), c[2] + " in " + r.err());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String withoutTimes(String json) {
        return json.replaceAll("\"seconds\": [0-9.eE+-]+", "");
    }
}
