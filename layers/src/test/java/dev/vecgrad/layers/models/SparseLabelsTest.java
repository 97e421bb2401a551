package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.MaxPooling2D;
import dev.vecgrad.layers.datasets.FashionMnist;
import dev.vecgrad.layers.datasets.LabeledImages;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sparse_categorical_crossentropy} with class indices trains exactly as
 * {@code categorical_crossentropy} with the same labels one-hot (the same per-row terms and
 * gradients, summed in the same order), and {@code accuracy} becomes sparse categorical
 * accuracy, as in Keras. On 64 images of the vendored Fashion-MNIST subset and a small CNN.
 */
class SparseLabelsTest {

    private static LabeledImages images() throws IOException, URISyntaxException {
        Path dir = Path.of(SparseLabelsTest.class.getResource("/fashion-mnist-subset/pixels.csv").toURI()).getParent();
        return FashionMnist.load(dir).train().first(64);
    }

    private static Sequential cnn(String loss) {
        Sequential model = new Sequential(5);
        model.add(new Conv2D(4, 3).activation("relu").inputShape(28, 28, 1));
        model.add(new MaxPooling2D());
        model.add(new Flatten());
        model.add(new Dense(10, "softmax"));
        model.compile(loss, "adam", "accuracy");
        return model;
    }

    @Test
    void sparseLabelsTrainBitForBitAsOneHotLabels() throws Exception {
        LabeledImages train = images();
        Sequential sparse = cnn("sparse_categorical_crossentropy");
        Sequential dense = cnn("categorical_crossentropy");
        History hs = sparse.fit(train.images(), train.labelColumn(), Fit.epochs(3).batchSize(16).verbose(0));
        History hd = dense.fit(train.images(), train.oneHot(), Fit.epochs(3).batchSize(16).verbose(0));
        assertArrayEquals(hd.get("loss"), hs.get("loss"));
        assertArrayEquals(hd.get("accuracy"), hs.get("accuracy"));
        assertTrue(hs.last("loss") < hs.get("loss")[0], "the loss goes down: " + List.of(hs.get("loss")));
        List<Tensor> ws = sparse.getWeights();
        List<Tensor> wd = dense.getWeights();
        for (int i = 0; i < ws.size(); i++) {
            assertArrayEquals(wd.get(i).data(), ws.get(i).data());
        }
        // Labels as a (n) vector work as (n, 1) does, as in Keras.
        Tensor vector = Tensor.wrap(train.labelColumn().data(), train.size());
        assertEquals(sparse.evaluate(train.images(), train.labelColumn()).loss(), sparse.evaluate(train.images(), vector).loss());
        assertEquals(dense.evaluate(train.images(), train.oneHot()).get("accuracy"),
                sparse.evaluate(train.images(), vector).get("accuracy"));
    }

    @Test
    void labelsThatAreNotClassIndicesAreRefused() throws Exception {
        LabeledImages train = images();
        Sequential model = cnn("sparse_categorical_crossentropy");
        float[] labels = train.labelColumn().data().clone();
        labels[3] = 10;
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> model.fit(train.images(), Tensor.wrap(labels, 64, 1), Fit.epochs(1).verbose(0)));
        assertTrue(outside.getMessage().contains("class indices in [0, 10); label 3 is 10.0"), outside.getMessage());
        labels[3] = 2.5f;
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> model.fit(train.images(), Tensor.wrap(labels, 64, 1), Fit.epochs(1).verbose(0)));
        assertTrue(fraction.getMessage().contains("label 3 is 2.5"), fraction.getMessage());
        IllegalArgumentException oneHot = assertThrows(IllegalArgumentException.class,
                () -> model.fit(train.images(), train.oneHot(), Fit.epochs(1).verbose(0)));
        assertTrue(oneHot.getMessage().contains("labels of shape (64, 10)"), oneHot.getMessage());
    }
}
