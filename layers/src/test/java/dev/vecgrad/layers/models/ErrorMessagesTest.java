package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Dropout;
import dev.vecgrad.layers.GaussianDropout;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.MaxPooling2D;
import dev.vecgrad.layers.optimizers.Adam;
import dev.vecgrad.layers.optimizers.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The exact words of the errors a user meets first: each names the argument and the value it
 * refused (SequentialTest checks that misuse fails; this checks what it says).
 */
class ErrorMessagesTest {

    static void says(String message, Executable call) {
        assertEquals(message, assertThrows(RuntimeException.class, call).getMessage());
    }

    @Test
    void configurationValuesAreNamed() {
        says("GaussianNoise stddev must be finite and >= 0, got -0.5", () -> new GaussianNoise(-0.5));
        says("GaussianNoise stddev must be finite and >= 0, got NaN", () -> new GaussianNoise(Double.NaN));
        says("GaussianDropout rate must be in [0, 1), got 1.0", () -> new GaussianDropout(1.0));
        says("Dropout rate must be in [0, 1), got -0.1", () -> new Dropout(-0.1));
        says("Dense needs at least 1 unit, got 0", () -> new Dense(0));
        says("unknown activation 'relux': use linear, relu, sigmoid, tanh or softmax", () -> new Dense(2, "relux"));
        says("Conv2D kernel size must be >= 1, got (0, 3)", () -> new Conv2D(4, 0, 3));
        says("MaxPooling2D pool size must be >= 1, got (2, 0)", () -> new MaxPooling2D(2, 0));
        says("LSTM needs at least 1 unit, got -3", () -> new LSTM(-3));
        says("learning rate must be finite and > 0, got NaN", () -> new Adam(Double.NaN));
        says("Adam betas must be in [0, 1), got 1.0 and 0.999", () -> new Adam(0.001, 1.0, 0.999, 1e-7));
        says("SGD momentum must be in [0, 1), got 1.5", () -> new Sgd(0.1, 1.5, false));
        says("epochs must be >= 1, got 0", () -> Fit.epochs(0));
        says("batch size must be >= 1, got -1", () -> Fit.epochs(1).batchSize(-1));
        says("EarlyStopping patience must be >= 0, got -1", () -> new EarlyStopping("val_loss", 0, -1, false));
    }

    @Test
    void dataProblemsAreNamed() {
        Sequential model = new Sequential(1);
        model.add(new Dense(1, "sigmoid").inputDim(2));
        says("the model is not compiled: call compile(loss, optimizer, metrics) first",
                () -> model.fit(Tensor.zeros(3, 2), Tensor.zeros(3, 1), Fit.epochs(1)));
        model.compile("binary_crossentropy", "adam", "accuracy");
        Tensor x = Tensor.zeros(3, 2);
        x.set(Float.POSITIVE_INFINITY, 2, 1);
        says("fit x holds Infinity at flat index 5 (row 2)", () -> model.fit(x, Tensor.zeros(3, 1), Fit.epochs(1)));
        Tensor y = Tensor.zeros(3, 1);
        y.set(0.5f, 1, 0);
        says("binary_crossentropy needs labels 0 or 1; label 1 is 0.5",
                () -> model.fit(Tensor.zeros(3, 2), y, Fit.epochs(1).verbose(0)));
        says("input: samples of shape (3,) do not fit a model built for (2,)", () -> model.predict(Tensor.zeros(4, 3)));
        says("predict: x has no rows", () -> model.predict(Tensor.zeros(0, 2)));
        says("evaluate: x has 3 rows but y has shape (2, 1)",
                () -> model.evaluate(Tensor.zeros(3, 2), Tensor.zeros(2, 1)));
        says("Monte Carlo prediction needs at least 1 pass, got 0", () -> model.predictMonteCarlo(x, 0, 1));
    }
}
