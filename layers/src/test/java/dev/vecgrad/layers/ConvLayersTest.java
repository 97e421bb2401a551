package dev.vecgrad.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Sequential;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv2D, MaxPooling2D and Flatten: the tutorial's CNN listing, Keras's shapes and counts, config checks. */
class ConvLayersTest {

    /** The tutorial's listing, line for line, on 28 x 28 grey images. */
    static Sequential tutorialCnn(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Conv2D(32, 3, 3).inputShape(28, 28, 1));   // model.add(Conv2D(32, (3,3)))
        model.add(new Conv2D(32, 3, 3));                         // model.add(Conv2D(32, (3,3)))
        model.add(new MaxPooling2D());                           // model.add(MaxPooling2D())
        model.add(new GaussianNoise(0.1));                       // model.add(GaussianNoise(0.1))
        model.add(new Dense(1));                                 // model.add(Dense(1))
        return model;
    }

    @Test
    void theTutorialsCnnHasKerasShapesAndParameterCounts() {
        Sequential model = tutorialCnn(1);
        List<Layer> layers = model.layers();
        assertArrayEquals(new int[] {26, 26, 32}, layers.get(0).outputShape());
        assertArrayEquals(new int[] {24, 24, 32}, layers.get(1).outputShape());
        assertArrayEquals(new int[] {12, 12, 32}, layers.get(2).outputShape());
        assertArrayEquals(new int[] {12, 12, 1}, layers.get(4).outputShape());   // Dense acts on the last axis
        // Keras's summary: 320, 9248, 0, 0, 33.
        assertEquals(320, layers.get(0).paramCount());
        assertEquals(9248, layers.get(1).paramCount());
        assertEquals(33, layers.get(4).paramCount());
        Tensor out = model.predict(Tensor.zeros(2, 28, 28, 1));
        assertArrayEquals(new int[] {2, 12, 12, 1}, out.shape());
        assertTrue(model.summary().contains("conv2d_1 (Conv2D)"), model.summary());
    }

    @Test
    void stridesAndSamePaddingFollowTensorFlow() {
        Sequential model = new Sequential(3);
        model.add(new Conv2D(4, 3).strides(2).padding("same").inputShape(7, 6, 2));
        model.add(new MaxPooling2D(3).strides(2).padding("same"));
        model.add(new Flatten());
        assertArrayEquals(new int[] {4, 3, 4}, model.layers().get(0).outputShape());   // ceil(7/2), ceil(6/2)
        assertArrayEquals(new int[] {2, 2, 4}, model.layers().get(1).outputShape());
        assertArrayEquals(new int[] {16}, model.outputShape());
    }

    @Test
    void aOneByOneConvolutionIsADenseLayerOnEveryPixel() {
        Sequential conv = new Sequential(5);
        conv.add(new Conv2D(3, 1).inputShape(4, 5, 2));
        Sequential dense = new Sequential(5);
        dense.add(new Dense(3).inputShape(4, 5, 2));
        // Same seed, same fans (1 x 1 receptive field): same Glorot draw, so the same weights.
        assertArrayEquals(((Conv2D) conv.layers().get(0)).kernel().value().data(),
                ((Dense) dense.layers().get(0)).kernel().value().data());
        Tensor x = Tensor.zeros(3, 4, 5, 2);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) Math.sin(i);
        }
        assertArrayEquals(dense.predict(x).data(), conv.predict(x).data(), 1e-6f);
    }

    @Test
    void noiseLayersActPerElementOnImages() {
        Tensor x = Tensor.zeros(3, 4, 5, 2);
        for (Layer noise : new Layer[] {new GaussianNoise(1.0), new GaussianDropout(0.5), new Dropout(0.5)}) {
            Sequential model = new Sequential(2);
            model.add(noise.inputShape(4, 5, 2));
            Arrays.fill(x.data(), 1f);
            var mc = model.predictMonteCarlo(x, 64, 5);
            assertArrayEquals(x.shape(), mc.stddev().shape());
            // Every element of every image gets noise: none is left untouched.
            for (int i = 0; i < mc.stddev().size(); i++) {
                assertTrue(mc.stddev().data()[i] > 0.1f, noise + " element " + i);
            }
        }
    }

    @Test
    void badConfigurationsAreNamed() {
        assertEquals("Conv2D needs at least 1 filter, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3)).getMessage());
        assertEquals("Conv2D strides must be >= 1, got (0, 0)",
                assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).strides(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).padding("causal"));
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(0));
        Sequential flat = new Sequential(1);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> flat.add(new Conv2D(2, 3).inputShape(28, 28)));
        assertTrue(rank.getMessage().contains("(height, width, channels)"), rank.getMessage());
        Sequential small = new Sequential(1);
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> small.add(new Conv2D(2, 5).inputShape(3, 3, 1)));
        assertEquals("a 5x5 window does not fit a 3x3 input with valid padding", tooBig.getMessage());
    }
}
