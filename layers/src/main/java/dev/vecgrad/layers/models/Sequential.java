package dev.vecgrad.layers.models;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.core.kernels.Team;
import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.layers.BuildContext;
import dev.vecgrad.layers.Layer;
import dev.vecgrad.layers.losses.Loss;
import dev.vecgrad.layers.metrics.Metric;
import dev.vecgrad.layers.optimizers.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A stack of layers, Keras's {@code Sequential}: the layers, their weights, the compiled
 * loss, optimizer and metrics, and the model file. What it does with them, {@code fit},
 * {@code evaluate} and {@code predict}, is its {@link Trainer}'s, as Keras's {@code Model}
 * inherits them from its {@code Trainer}. The tutorial's model reads:
 * <pre>
 *   Sequential model = new Sequential(seed);
 *   model.add(new Dense(500, "relu").inputDim(2));
 *   model.add(new Dense(1, "sigmoid"));
 *   model.compile("binary_crossentropy", "adam", "accuracy");
 *   History history = model.fit(trainX, trainY, Fit.epochs(4000).validationData(testX, testY).verbose(0));
 *   double trainAcc = model.evaluate(trainX, trainY).get("accuracy");
 * </pre>
 *
 * <h2>Randomness</h2>
 * One seed fixes everything random. Weights are initialized from a seed derived from it for
 * initialization and the layer's position; each fit shuffles and draws noise from seeds
 * derived from it (or from {@link Fit#seed}) for those purposes, noise by (layer, step). The
 * same seed therefore gives the same weights and a bit-identical {@link History} on the same
 * JDK and kernels.
 *
 * <h2>Threads</h2>
 * {@code fit} is for one thread at a time. {@code predict} and {@code evaluate} run on a tape
 * of the calling thread and only read the weights, so several threads may predict at once
 * while nothing trains.
 */
public final class Sequential {

    /** The purpose of the seed the weights are drawn from (the Trainer derives its own for shuffling and noise). */
    private static final long INIT = 1;

    private final long seed;
    private final Kernels kernels;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> namesUsed = new HashMap<>();
    private int[] inputShape;
    private List<Param> params;

    private Loss loss;
    private Optimizer optimizer;
    private String[] metricNames = new String[0];
    private List<Metric> metrics;

    private final Trainer trainer;
    private Team team = Team.SOLO;

    /** A model with seed 0. */
    public Sequential() {
        this(0L);
    }

    public Sequential(long seed) {
        this(seed, KernelProvider.get());
    }

    /** A model on the given kernels (the tests hold scalar and SIMD models to each other). */
    public Sequential(long seed, Kernels kernels) {
        this.seed = seed;
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.trainer = new Trainer(this);
    }

    public long seed() {
        return seed;
    }

    public Kernels kernels() {
        return kernels;
    }

    /**
     * Splits each batch's convolutions, poolings, additive noise and dense layers over
     * {@code threads} threads (the caller's included), sample by sample (a dense layer's weight
     * gradient by rows of its kernel); the loss, the other element-wise ops and the optimizer stay
     * on the caller's thread. The results are bit-identical whatever the count: no sum is split
     * differently (a convolution's kernel gradient is always the sum of the two halves of the
     * batch, in that order). The default is 1. Not a Keras setting: TensorFlow's closest is its
     * intra-op thread count.
     */
    public Sequential threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (threads != team.size()) {
            team.close();
            team = threads == 1 ? Team.SOLO : new Team(threads);
        }
        return this;
    }

    /** The threads each batch is split over (see {@link #threads(int)}). */
    public int threads() {
        return team.size();
    }

    Team team() {
        return team;
    }

    // ---------------------------------------------------------------- building

    /** Appends a layer; with a known input shape (the first layer's {@code inputShape}) it is built at once. */
    public Sequential add(Layer layer) {
        if (layers.contains(layer)) {
            throw new IllegalArgumentException("layer " + layer.name() + " is already in this model");
        }
        if (!layers.isEmpty() && layer.declaredInputShape() != null) {
            throw new IllegalArgumentException("only the first layer takes an input shape; "
                    + layer.typeName() + " is layer " + (layers.size() + 1));
        }
        if (layer.name() == null) {
            String stem = layer.defaultNameStem();
            int used = namesUsed.merge(stem, 1, Integer::sum);
            layer.name(used == 1 ? stem : stem + "_" + (used - 1));
        }
        layers.add(layer);
        params = null;
        if (layers.size() == 1 && layer.declaredInputShape() != null) {
            build(layer.declaredInputShape());
        } else if (inputShape != null) {
            int index = layers.size() - 1;
            layer.build(layers.get(index - 1).outputShape(), buildContext(index));
        }
        return this;
    }

    /** Builds every layer for a per-sample input shape (Keras's {@code model.build((None, 2))}). */
    public void build(int... sampleShape) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("the model has no layers");
        }
        if (inputShape != null && !Arrays.equals(inputShape, sampleShape)) {
            throw new IllegalArgumentException("the model was built for inputs of shape " + Shapes.format(inputShape)
                    + ", not " + Shapes.format(sampleShape));
        }
        int[] shape = sampleShape.clone();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).build(shape, buildContext(i));
            shape = layers.get(i).outputShape();
        }
        inputShape = sampleShape.clone();
        params = null;
    }

    /**
     * Builds the model for {@code x}'s sample shape if it is not built yet, checks that {@code x}
     * fits it, and returns the per-sample input shape (not a copy: read it only).
     */
    int[] buildFor(Tensor x) {
        int[] sampleShape = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (!isBuilt()) {
            build(sampleShape);
        }
        DataChecks.requireSampleShape("input", x, inputShape);
        return inputShape;
    }

    private BuildContext buildContext(int index) {
        return new BuildContext(kernels, Seeds.derive(seed, INIT), index);
    }

    public boolean isBuilt() {
        return inputShape != null;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** The layers themselves, for the trainer (no copy: it walks them on every step). */
    List<Layer> layerList() {
        return layers;
    }

    /** Every trainable parameter, layer by layer. */
    public List<Param> params() {
        requireBuilt();
        if (params == null) {
            List<Param> all = new ArrayList<>();
            for (Layer layer : layers) {
                all.addAll(layer.params());
            }
            params = List.copyOf(all);
        }
        return params;
    }

    /** The per-sample output shape. */
    public int[] outputShape() {
        requireBuilt();
        return layers.get(layers.size() - 1).outputShape();
    }

    void requireBuilt() {
        if (!isBuilt()) {
            throw new IllegalStateException("the model is not built: give the first layer an inputShape,"
                    + " call build(...), or fit/predict once");
        }
    }

    // ---------------------------------------------------------------- compile

    /** {@code compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])}. */
    public void compile(String loss, String optimizer, String... metrics) {
        compile(Loss.of(loss), Optimizer.of(optimizer), metrics);
    }

    public void compile(Loss loss, Optimizer optimizer, String... metrics) {
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.metricNames = metrics.clone();
        this.metrics = null;
        if (isBuilt()) {
            metrics();
        }
    }

    /** The compiled metrics, made for the model's output once it is built. */
    List<Metric> metrics() {
        if (metrics == null) {
            int outputs = Shapes.checkedSize(outputShape());
            List<Metric> list = new ArrayList<>();
            for (String name : metricNames) {
                list.add(Metric.of(name, loss, outputs));
            }
            metrics = List.copyOf(list);
        }
        return metrics;
    }

    /** The loss given to {@link #compile}, or null before it. */
    public Loss loss() {
        return loss;
    }

    /** The optimizer given to {@link #compile}, or null before it. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The metric names given to {@link #compile}. */
    public List<String> metricNames() {
        return List.of(metricNames);
    }

    // ---------------------------------------------------------------- files

    /**
     * Saves the model's configuration, weights and, once compiled, its training state (the
     * optimizer's moments and step, the epochs and steps trained) to {@code file} (see
     * {@link dev.vecgrad.layers.io.ModelFile} for the format), atomically: a crash during the
     * save leaves the previous file, if any, as it was.
     */
    public void save(Path file) throws IOException {
        dev.vecgrad.layers.io.ModelFile.save(this, file);
    }

    /**
     * A model saved by {@link #save}: same layers, same weights (bit for bit), compiled as it
     * was, with its training state: {@code fit} on the loaded model continues the training
     * exactly as if it had never stopped (files of format version 1 hold no training state:
     * their optimizer starts afresh). A damaged or foreign file is a
     * {@link dev.vecgrad.layers.io.ModelFileException}.
     */
    public static Sequential load(Path file) throws IOException {
        return dev.vecgrad.layers.io.ModelFile.load(file);
    }

    void requireCompiled() {
        if (loss == null) {
            throw new IllegalStateException("the model is not compiled: call compile(loss, optimizer, metrics) first");
        }
    }

    // ---------------------------------------------------------------- training and inference (the Trainer's)

    /** Asks {@code fit} to stop after the current epoch (for callbacks, as Keras's {@code model.stop_training = True}). */
    public void stopTraining() {
        trainer.stopTraining();
    }

    /**
     * Epochs trained, over every {@code fit} so far. With the fit's seed it decides the next
     * epoch's shuffle; a model file keeps it, so a loaded model goes on where it stopped.
     */
    public long epochsTrained() {
        return trainer.epochsTrained();
    }

    /** Training steps (batches) taken, over every {@code fit} so far: the address of the next step's noise. */
    public long stepsTrained() {
        return trainer.stepsTrained();
    }

    /**
     * Sets {@link #epochsTrained()} and {@link #stepsTrained()} as a checkpoint recorded them
     * (model files do this on load). With the weights and the optimizer's state restored too,
     * the next {@code fit} continues the interrupted training bit for bit.
     */
    public void restoreTrainingCounters(long epochs, long steps) {
        trainer.restoreCounters(epochs, steps);
    }

    /** The fit under way, for callbacks; null outside {@code fit}. */
    FitRun currentFit() {
        return trainer.currentFit();
    }

    /** For a callback's {@code onTrainBegin}: this fit resumes after the epochs of {@code done}. */
    void resumeFit(History done) {
        trainer.resume(done);
    }

    /**
     * Trains the model. Keras's semantics: each epoch, the (shuffled) rows are taken in batches;
     * every batch runs forward in training mode (noise on), back, and updates the weights; the
     * epoch's {@code loss} and metrics are their means over the epoch's samples, from those
     * training-mode forward passes (that is, before each batch's update). Validation data is
     * evaluated after the epoch, noise off.
     */
    public History fit(Tensor x, Tensor y, Fit fit) {
        return trainer.fit(x, y, fit);
    }

    /** The loss and metrics over {@code (x, y)}, noise off, in batches of 32 (Keras's default). */
    public Evaluation evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32);
    }

    public Evaluation evaluate(Tensor x, Tensor y, int batchSize) {
        return trainer.evaluate(x, y, batchSize);
    }

    /** The model's outputs for {@code x}, noise off, in batches of 32. */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    public Tensor predict(Tensor x, int batchSize) {
        return trainer.predict(x, batchSize);
    }

    /**
     * Monte Carlo prediction: {@code passes} forward passes with noise kept on (each with fresh
     * noise from {@code seed}), and the mean and standard deviation of every output over them.
     * Noise layers vary; everything else is the trained model.
     */
    public MonteCarloPrediction predictMonteCarlo(Tensor x, int passes, long seed) {
        return predictMonteCarlo(x, passes, seed, 32);
    }

    /**
     * As {@link #predictMonteCarlo(Tensor, int, long)}, {@code batchSize} samples at a time.
     * Every sample of every pass gets draws of its own, and the same ones whatever the batch size.
     */
    public MonteCarloPrediction predictMonteCarlo(Tensor x, int passes, long seed, int batchSize) {
        return trainer.predictMonteCarlo(x, passes, seed, batchSize);
    }

    /**
     * The gradient of the loss with respect to the inputs, {@code d loss_i / d x_i} for every
     * sample i, where {@code loss_i} is sample i's own value of the compiled loss (what
     * {@code tf.GradientTape} gives for the loss summed over the batch). Noise layers are off,
     * as in {@link #predict}; the weights are only read (no parameter gradient is touched), so
     * it may run beside another thread's predict or evaluate. Adversarial attacks start here:
     * see {@code dev.vecgrad.layers.robustness}.
     */
    public Tensor inputGradient(Tensor x, Tensor y) {
        return inputGradient(x, y, 32);
    }

    /** As {@link #inputGradient(Tensor, Tensor)}, {@code batchSize} samples at a time. */
    public Tensor inputGradient(Tensor x, Tensor y, int batchSize) {
        return trainer.inputGradient(x, y, batchSize);
    }

    /**
     * As {@link #inputGradient(Tensor, Tensor)} with the noise layers on: one draw per sample,
     * from {@code seed}, as one pass of {@link #predictMonteCarlo} draws it (the gradient of
     * the noisy model, for attacks that average over the noise).
     */
    public Tensor inputGradientMonteCarlo(Tensor x, Tensor y, long seed) {
        return trainer.inputGradientMonteCarlo(x, y, seed, 32);
    }

    // ---------------------------------------------------------------- weights

    /**
     * Copies of every weight, layer by layer, in Keras's order ({@code get_weights()}: a Dense
     * layer's kernel, then its bias). Empty for a model not built yet, as in Keras.
     */
    public List<Tensor> getWeights() {
        List<Tensor> weights = new ArrayList<>();
        if (isBuilt()) {
            for (Layer layer : layers) {
                weights.addAll(layer.getWeights());
            }
        }
        return weights;
    }

    /**
     * Sets every weight from {@code weights}, in the order of {@link #getWeights()} (Keras's
     * {@code set_weights}). The values are copied. Every count and shape is checked, and every
     * value must be finite, before anything is changed: a wrong list changes no weight, and the
     * message names the layer and the weight.
     */
    public void setWeights(List<Tensor> weights) {
        requireBuilt();
        int expected = params().size();
        if (weights.size() != expected) {
            throw new IllegalArgumentException("setWeights: the model has " + expected + " weights, got " + weights.size());
        }
        int at = 0;
        for (Layer layer : layers) {
            int count = layer.params().size();
            layer.checkWeights(weights.subList(at, at + count));
            at += count;
        }
        at = 0;
        for (Layer layer : layers) {
            int count = layer.params().size();
            layer.setWeights(weights.subList(at, at + count));
            at += count;
        }
    }

    // ---------------------------------------------------------------- summary

    /** A table of layers, output shapes and parameter counts, as Keras's {@code model.summary()}. */
    public String summary() {
        requireBuilt();
        String rule = "_".repeat(65);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"sequential\"\n").append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, " %-27s %-25s %-10s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(65)).append('\n');
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int[] shape = layer.outputShape();
            StringBuilder outShape = new StringBuilder("(None");
            for (int d : shape) {
                outShape.append(", ").append(d);
            }
            outShape.append(')');
            sb.append(String.format(Locale.ROOT, " %-27s %-25s %-10d%n",
                    layer.name() + " (" + layer.typeName() + ")", outShape, layer.paramCount()));
            sb.append(i < layers.size() - 1 ? "\n" : "");
            total += layer.paramCount();
        }
        sb.append("=".repeat(65)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total));
        sb.append("Non-trainable params: 0\n").append(rule).append('\n');
        return sb.toString();
    }

    /** Total number of trainable parameters. */
    public long countParams() {
        long total = 0;
        for (Param p : params()) {
            total += p.size();
        }
        return total;
    }
}
