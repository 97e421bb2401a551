package dev.vecgrad.layers.models;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.autodiff.ops.Softmax;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.layers.ActivationFunction;
import dev.vecgrad.layers.BuildContext;
import dev.vecgrad.layers.CallContext;
import dev.vecgrad.layers.Layer;
import dev.vecgrad.layers.losses.Loss;
import dev.vecgrad.layers.metrics.Metric;
import dev.vecgrad.layers.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stack of layers, Keras's {@code Sequential}. The tutorial's model reads:
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

    // Purposes of the seeds derived from the model's seed.
    private static final long INIT = 1;
    private static final long SHUFFLE = 2;
    private static final long NOISE = 3;
    private static final long MONTE_CARLO = 4;

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

    private final Tape trainingTape;
    private final ThreadLocal<Tape> inferenceTapes;
    private long stepsTrained;
    private long epochsTrained;
    private volatile boolean stopTraining;

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
        this.kernels = kernels;
        this.trainingTape = new Tape(kernels);
        this.inferenceTapes = ThreadLocal.withInitial(() -> new Tape(kernels));
    }

    public long seed() {
        return seed;
    }

    public Kernels kernels() {
        return kernels;
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

    private BuildContext buildContext(int index) {
        return new BuildContext(kernels, Seeds.derive(seed, INIT), index);
    }

    public boolean isBuilt() {
        return inputShape != null;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
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

    private void requireBuilt() {
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
        this.loss = java.util.Objects.requireNonNull(loss, "loss");
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
        this.metricNames = metrics.clone();
        this.metrics = null;
        if (isBuilt()) {
            resolveMetrics();
        }
    }

    private List<Metric> resolveMetrics() {
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
     * Saves the model's configuration and weights to {@code file} (see
     * {@link dev.vecgrad.layers.io.ModelFile} for the format), atomically: a crash during the
     * save leaves the previous file, if any, as it was.
     */
    public void save(java.nio.file.Path file) throws java.io.IOException {
        dev.vecgrad.layers.io.ModelFile.save(this, file);
    }

    /**
     * A model saved by {@link #save}: same layers, same weights (bit for bit), compiled as it
     * was (the optimizer starts afresh). A damaged or foreign file is a
     * {@link dev.vecgrad.layers.io.ModelFileException}.
     */
    public static Sequential load(java.nio.file.Path file) throws java.io.IOException {
        return dev.vecgrad.layers.io.ModelFile.load(file);
    }

    private void requireCompiled() {
        if (loss == null) {
            throw new IllegalStateException("the model is not compiled: call compile(loss, optimizer, metrics) first");
        }
    }

    /** Asks {@code fit} to stop after the current epoch (for callbacks, as Keras's {@code model.stop_training = True}). */
    public void stopTraining() {
        stopTraining = true;
    }

    // ---------------------------------------------------------------- fit

    /**
     * Trains the model. Keras's semantics: each epoch, the (shuffled) rows are taken in batches;
     * every batch runs forward in training mode (noise on), back, and updates the weights; the
     * epoch's {@code loss} and metrics are their means over the epoch's samples, from those
     * training-mode forward passes (that is, before each batch's update). Validation data is
     * evaluated after the epoch, noise off.
     */
    public History fit(Tensor x, Tensor y, Fit fit) {
        requireCompiled();
        DataChecks.requireData("fit", x, y);
        buildFor(x);
        int[] labelShape = DataChecks.requireLabels("fit", y, x.dim(0), outputShape());
        loss.checkLabels(y);
        if (fit.validationX() != null) {
            DataChecks.requireData("validation data", fit.validationX(), fit.validationY());
            DataChecks.requireSampleShape("validation data", fit.validationX(), inputShape);
            DataChecks.requireLabels("validation data", fit.validationY(), fit.validationX().dim(0), outputShape());
            loss.checkLabels(fit.validationY());
        }
        List<Metric> metricList = resolveMetrics();
        long fitSeed = fit.seed() != null ? fit.seed() : seed;
        long shuffleSeed = Seeds.derive(fitSeed, SHUFFLE);
        CallContext[] contexts = callContexts(Seeds.derive(fitSeed, NOISE));

        int n = x.dim(0);
        int batchSize = Math.min(fit.batchSize(), n);
        Batches batches = new Batches(x, labelShape, y, batchSize);
        ValidationBatches validation = fit.validationX() == null ? null
                : new ValidationBatches(fit.validationX(), fit.validationY(), labelShape, fit.batchSize());
        History history = new History();
        ProgressPrinter printer = new ProgressPrinter(fit.verbose(), fit.out(), fit.epochs(), batches.count());
        double[] metricSums = new double[metricList.size()];
        stopTraining = false;
        for (Callback c : fit.callbacks()) {
            c.onTrainBegin(this);
        }
        for (int epoch = 0; epoch < fit.epochs() && !stopTraining; epoch++) {
            long started = System.nanoTime();
            printer.epochStart(epoch);
            batches.order(fit.shuffle(), shuffleSeed, epochsTrained);
            double lossSum = 0;
            Arrays.fill(metricSums, 0);
            for (int b = 0; b < batches.count(); b++) {
                int rows = batches.gather(b);
                float batchLoss = trainOnBatch(batches.x(rows), batches.y(rows), rows, contexts, metricList, metricSums);
                if (!Float.isFinite(batchLoss)) {
                    throw new NonFiniteLossException(epoch, b, batchLoss, history);
                }
                lossSum += (double) batchLoss * rows;
                printer.batchEnd(b, lossSum, metricSums, metricList, batches.seen(b));
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / n);
            for (int m = 0; m < metricList.size(); m++) {
                logs.put(metricList.get(m).name(), metricSums[m] / n);
            }
            if (validation != null) {
                Map<String, Double> val = evaluateBatches(validation, callContexts(0));
                for (Map.Entry<String, Double> e : val.entrySet()) {
                    logs.put("val_" + e.getKey(), e.getValue());
                }
            }
            epochsTrained++;
            history.record(logs);
            printer.epochEnd(epoch, logs, System.nanoTime() - started);
            for (Callback c : fit.callbacks()) {
                c.onEpochEnd(epoch, logs, this);
            }
        }
        for (Callback c : fit.callbacks()) {
            c.onTrainEnd(this);
        }
        return history;
    }

    /** One step on one batch: forward (training mode), backward, update. Returns the batch's loss. */
    private float trainOnBatch(Tensor bx, Tensor by, int rows, CallContext[] contexts, List<Metric> metricList,
                               double[] metricSums) {
        Tape tape = trainingTape;
        tape.reset();
        tape.setMode(Mode.TRAINING);
        tape.setGradEnabled(true);
        tape.setStep(stepsTrained & 0xFFFFFFFFL);
        Node labels = tape.constant(by);
        boolean fused = fusesLoss();
        Node out = forward(tape.constant(bx), fused, contexts);
        Node lossNode = fused ? loss.fromLogits(out, labels) : loss.fromOutputs(out, labels);
        List<Param> all = params();
        for (int i = 0; i < all.size(); i++) {
            all.get(i).zeroGrad();
        }
        tape.backward(lossNode);
        accumulateMetrics(tape, out, fused, by, rows, metricList, metricSums);
        optimizer.step(all, kernels);
        stepsTrained++;
        return lossNode.item();
    }

    /** Whether the loss takes the last activation's input (a sigmoid before binary cross-entropy, ...). */
    private boolean fusesLoss() {
        ActivationFunction fusable = loss.fusedActivation();
        return fusable != null && fusable == layers.get(layers.size() - 1).outputActivation();
    }

    /** The layers in order; with {@code toLogits}, the last one without its activation. */
    private Node forward(Node x, boolean toLogits, CallContext[] contexts) {
        Node h = x;
        int last = layers.size() - 1;
        for (int i = 0; i < last; i++) {
            h = layers.get(i).call(h, contexts[i]);
        }
        return toLogits ? layers.get(last).callWithoutOutputActivation(h, contexts[last])
                : layers.get(last).call(h, contexts[last]);
    }

    private void accumulateMetrics(Tape tape, Node out, boolean fused, Tensor by, int rows, List<Metric> metricList,
                                   double[] sums) {
        if (metricList.isEmpty()) {
            return;
        }
        float[] outputs = out.data();
        int offset = out.offset();
        if (fused) {
            // The metrics see probabilities, as in Keras: apply the activation the loss took the input of.
            outputs = tape.buffer(out.size());
            offset = 0;
            applyOutputActivation(out, outputs);
        }
        int cols = out.size() / rows;
        for (int m = 0; m < metricList.size(); m++) {
            sums[m] += metricList.get(m).batchSum(kernels, outputs, offset, by.data(), by.offset(), rows, cols);
        }
    }

    private void applyOutputActivation(Node logits, float[] into) {
        if (loss.fusedActivation() == ActivationFunction.SIGMOID) {
            kernels.sigmoid(logits.size(), logits.data(), logits.offset(), into, 0);
        } else {
            int cols = logits.dim(-1);
            Softmax.rowSoftmax(logits.data(), logits.offset(), logits.size() / cols, cols, into, 0);
        }
    }

    private CallContext[] callContexts(long noiseSeed) {
        CallContext[] contexts = new CallContext[layers.size()];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = new CallContext(i, noiseSeed);
        }
        return contexts;
    }

    private void buildFor(Tensor x) {
        int[] sampleShape = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (!isBuilt()) {
            build(sampleShape);
        }
        DataChecks.requireSampleShape("input", x, inputShape);
    }

    // ---------------------------------------------------------------- evaluate and predict

    /** The loss and metrics over {@code (x, y)}, noise off, in batches of 32 (Keras's default). */
    public Evaluation evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32);
    }

    public Evaluation evaluate(Tensor x, Tensor y, int batchSize) {
        requireCompiled();
        DataChecks.requireData("evaluate", x, y);
        buildFor(x);
        int[] labelShape = DataChecks.requireLabels("evaluate", y, x.dim(0), outputShape());
        loss.checkLabels(y);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        return new Evaluation(evaluateBatches(new ValidationBatches(x, y, labelShape, batchSize), callContexts(0)));
    }

    private Map<String, Double> evaluateBatches(ValidationBatches data, CallContext[] contexts) {
        List<Metric> metricList = resolveMetrics();
        Tape tape = inferenceTapes.get();
        double lossSum = 0;
        double[] sums = new double[metricList.size()];
        boolean fused = fusesLoss();
        for (int b = 0; b < data.count(); b++) {
            tape.reset();
            tape.setMode(Mode.INFERENCE);
            tape.setGradEnabled(false);
            Tensor bx = data.x(b);
            Tensor by = data.y(b);
            int rows = bx.dim(0);
            Node out = forward(tape.constant(bx), fused, contexts);
            Node labels = tape.constant(by);
            Node lossNode = fused ? loss.fromLogits(out, labels) : loss.fromOutputs(out, labels);
            lossSum += (double) lossNode.item() * rows;
            accumulateMetrics(tape, out, fused, by, rows, metricList, sums);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", lossSum / data.samples());
        for (int m = 0; m < metricList.size(); m++) {
            values.put(metricList.get(m).name(), sums[m] / data.samples());
        }
        return values;
    }

    /** The model's outputs for {@code x}, noise off, in batches of 32. */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    public Tensor predict(Tensor x, int batchSize) {
        return predictInMode(x, batchSize, Mode.INFERENCE, 0, 0);
    }

    private Tensor predictInMode(Tensor x, int batchSize, Mode mode, long noiseSeed, long step) {
        DataChecks.requireInputs("predict", x);
        buildFor(x);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        int n = x.dim(0);
        int[] outShape = new int[outputShape().length + 1];
        outShape[0] = n;
        System.arraycopy(outputShape(), 0, outShape, 1, outShape.length - 1);
        Tensor result = Tensor.zeros(outShape);
        int width = n == 0 ? 0 : result.size() / n;
        Tape tape = inferenceTapes.get();
        CallContext[] contexts = callContexts(noiseSeed);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            tape.reset();
            tape.setMode(mode);
            tape.setGradEnabled(false);
            tape.setStep(step);
            Node out = forward(tape.constant(x.rows(from, to)), false, contexts);
            System.arraycopy(out.data(), out.offset(), result.data(), from * width, (to - from) * width);
        }
        return result;
    }

    /**
     * Monte Carlo prediction: {@code passes} forward passes with noise kept on (each with fresh
     * noise from {@code seed}), and the mean and standard deviation of every output over them.
     * Noise layers vary; everything else is the trained model.
     */
    public MonteCarloPrediction predictMonteCarlo(Tensor x, int passes, long seed) {
        if (passes < 1) {
            throw new IllegalArgumentException("Monte Carlo prediction needs at least 1 pass, got " + passes);
        }
        long noiseSeed = Seeds.derive(seed, MONTE_CARLO);
        Tensor mean = null;
        double[] sum = null;
        double[] sumSquares = null;
        for (int p = 0; p < passes; p++) {
            Tensor out = predictInMode(x, 32, Mode.MONTE_CARLO, noiseSeed, p);
            if (sum == null) {
                mean = Tensor.zeros(out.shape());
                sum = new double[out.size()];
                sumSquares = new double[out.size()];
            }
            for (int i = 0; i < out.size(); i++) {
                double v = out.data()[i];
                sum[i] += v;
                sumSquares[i] += v * v;
            }
        }
        Tensor std = Tensor.zeros(mean.shape());
        for (int i = 0; i < sum.length; i++) {
            double m = sum[i] / passes;
            mean.data()[i] = (float) m;
            std.data()[i] = (float) Math.sqrt(Math.max(0, sumSquares[i] / passes - m * m));
        }
        return new MonteCarloPrediction(mean, std, passes);
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
