package dev.vecgrad.layers.models;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.autodiff.Tape;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.Team;
import dev.vecgrad.core.random.Seeds;
import dev.vecgrad.layers.CallContext;
import dev.vecgrad.layers.Layer;
import dev.vecgrad.layers.losses.LossHead;
import dev.vecgrad.layers.metrics.Metric;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Sequential} model does with its layers: fit, evaluate, predict (as Keras's
 * {@code Trainer}, which its {@code Model} inherits). The model owns one and hands it every
 * call, so users keep writing {@code model.fit(...)}; the layer stack, its weights and its
 * files stay in {@link Sequential}.
 *
 * <p>Training runs on one tape, reused step after step; evaluation and prediction run on a
 * tape per calling thread and only read the weights.
 */
final class Trainer {

    // Purposes of the seeds derived from the model's seed (Sequential derives INIT = 1 for weights).
    private static final long SHUFFLE = 2;
    private static final long NOISE = 3;
    private static final long MONTE_CARLO = 4;

    private final Sequential model;
    private final Tape trainingTape;
    private final ThreadLocal<Tape> inferenceTapes;
    private long stepsTrained;
    private long epochsTrained;
    private volatile boolean stopTraining;
    /** The fit under way (null between fits), for callbacks that save it. */
    private FitRun currentFit;
    /** Epochs a callback restored at the start of this fit ({@link #resume}); null when none. */
    private History resumed;

    Trainer(Sequential model) {
        this.model = model;
        this.trainingTape = new Tape(model.kernels());
        this.inferenceTapes = ThreadLocal.withInitial(() -> new Tape(model.kernels()));
    }

    /** Asks {@link #fit} to stop after the current epoch. */
    void stopTraining() {
        stopTraining = true;
    }

    long epochsTrained() {
        return epochsTrained;
    }

    long stepsTrained() {
        return stepsTrained;
    }

    /**
     * Sets the counters that address every random draw of training (the shuffle by epoch, the
     * noise by step), as a checkpoint recorded them: the next epoch then shuffles and draws
     * as the interrupted run's next epoch would have.
     */
    void restoreCounters(long epochs, long steps) {
        if (epochs < 0 || steps < 0) {
            throw new IllegalArgumentException("epochs and steps trained must be >= 0, got " + epochs + " and " + steps);
        }
        epochsTrained = epochs;
        stepsTrained = steps;
    }

    /** The fit under way, or null outside {@link #fit}. */
    FitRun currentFit() {
        return currentFit;
    }

    /**
     * From a callback's {@code onTrainBegin}: this fit already ran {@code done.epochs()} epochs
     * before it was interrupted (their logs are {@code done}); it goes on from the next one and
     * returns the whole history.
     */
    void resume(History done) {
        if (currentFit == null) {
            throw new IllegalStateException("resume is for a callback's onTrainBegin, inside fit");
        }
        if (done.epochs() > currentFit.epochs()) {
            throw new IllegalArgumentException("the backup ran " + done.epochs() + " epochs, this fit asks for "
                    + currentFit.epochs());
        }
        resumed = done;
    }

    // ---------------------------------------------------------------- fit

    History fit(Tensor x, Tensor y, Fit fit) {
        model.requireCompiled();
        DataChecks.requireData("fit", x, y);
        int[] inputShape = model.buildFor(x);
        int[] labelShape = checkLabels("fit", y, x.dim(0));
        if (fit.validationX() != null) {
            DataChecks.requireData("validation data", fit.validationX(), fit.validationY());
            DataChecks.requireSampleShape("validation data", fit.validationX(), inputShape);
            checkLabels("validation data", fit.validationY(), fit.validationX().dim(0));
        }
        long fitSeed = fit.seed() != null ? fit.seed() : model.seed();
        History history = new History();
        Epochs epochs = new Epochs(x, y, labelShape, fit, fitSeed, history);
        stopTraining = false;
        currentFit = new FitRun(fit.epochs(), epochs.batchSize(), fit.shuffle(), fitSeed, x, y,
                fit.validationX() != null, history);
        resumed = null;
        try {
            for (Callback c : fit.callbacks()) {
                c.onTrainBegin(model);
            }
            int firstEpoch = 0;
            if (resumed != null) {
                history.append(resumed);
                firstEpoch = resumed.epochs();
            }
            for (int epoch = firstEpoch; epoch < fit.epochs() && !stopTraining; epoch++) {
                epochs.train(epoch);
            }
            for (Callback c : fit.callbacks()) {
                c.onTrainEnd(model);
            }
        } finally {
            currentFit = null;
            resumed = null;
        }
        return history;
    }

    /**
     * One fit's epochs: what stays the same from epoch to epoch, made once a fit, and one
     * epoch's training, validation and logs. A method of its own, not the body of fit's loop,
     * so that the JIT compiles it as a method once rather than compiling the whole of fit
     * again at each of the loop's entries (on-stack replacement).
     */
    private final class Epochs {

        private final Fit fit;
        private final History history;
        private final int samples;
        private final int batchSize;
        private final long shuffleSeed;
        private final CallContext[] contexts;
        private final Batches batches;
        private final ValidationBatches validation;
        private final ProgressPrinter printer;
        private final List<Metric> metricList;
        private final double[] metricSums;
        private final String[] trainingKeys;
        // Validation runs with noise off, so its contexts are the same every epoch.
        private final CallContext[] validationContexts;
        private final String[] validationKeys;

        Epochs(Tensor x, Tensor y, int[] labelShape, Fit fit, long fitSeed, History history) {
            this.fit = fit;
            this.history = history;
            samples = x.dim(0);
            batchSize = Math.min(fit.batchSize(), samples);
            shuffleSeed = Seeds.derive(fitSeed, SHUFFLE);
            contexts = callContexts(Seeds.derive(fitSeed, NOISE));
            batches = new Batches(x, labelShape, y, batchSize);
            validation = fit.validationX() == null ? null
                    : new ValidationBatches(fit.validationX(), fit.validationY(), labelShape, fit.batchSize());
            printer = new ProgressPrinter(fit.verbose(), fit.out(), fit.epochs(), batches.count());
            metricList = model.metrics();
            metricSums = new double[metricList.size()];
            trainingKeys = logKeys("");
            validationContexts = callContexts(0);
            validationKeys = logKeys("val_");
        }

        int batchSize() {
            return batchSize;
        }

        /** Epoch {@code epoch}: its batches, its validation pass, its History entry and its callbacks. */
        void train(int epoch) {
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
            logs.put(trainingKeys[0], lossSum / samples);
            for (int m = 0; m < metricList.size(); m++) {
                logs.put(trainingKeys[1 + m], metricSums[m] / samples);
            }
            if (validation != null) {
                double[] val = evaluateMeans(validation, validationContexts);
                for (int k = 0; k < val.length; k++) {
                    logs.put(validationKeys[k], val[k]);
                }
            }
            epochsTrained++;
            history.record(logs);
            printer.epochEnd(epoch, logs, System.nanoTime() - started);
            for (Callback c : fit.callbacks()) {
                c.onEpochEnd(epoch, logs, model);
            }
        }
    }

    /** One step on one batch: forward (training mode), backward, update. Returns the batch's loss. */
    private float trainOnBatch(Tensor bx, Tensor by, int rows, CallContext[] contexts, List<Metric> metricList,
                               double[] metricSums) {
        Tape tape = trainingTape;
        tape.reset();
        tape.setTeam(model.team());
        tape.setMode(Mode.TRAINING);
        tape.setGradEnabled(true);
        tape.setStep(stepsTrained & 0xFFFFFFFFL);
        Node labels = tape.constant(by);
        LossHead head = head();
        Node out = forward(tape.constant(bx), head.fused(), contexts);
        Node lossNode = head.loss(out, labels);
        List<Param> all = model.params();
        for (int i = 0; i < all.size(); i++) {
            all.get(i).zeroGrad();
        }
        tape.backward(lossNode);
        accumulateMetrics(tape, out, head, by, rows, metricList, metricSums);
        model.optimizer().step(all, model.kernels());
        stepsTrained++;
        return lossNode.item();
    }

    private LossHead head() {
        List<Layer> layers = model.layerList();
        return LossHead.of(model.loss(), layers.get(layers.size() - 1));
    }

    /**
     * The layers in order; with {@code toLogits}, the last one without its activation. A tail
     * that {@link HiddenDotTail} recognises runs as one op.
     */
    private Node forward(Node x, boolean toLogits, CallContext[] contexts) {
        List<Layer> layers = model.layerList();
        int fused = HiddenDotTail.start(layers, x.tape().mode());
        Node h = x;
        int last = layers.size() - 1;
        for (int i = 0; i < last; i++) {
            if (i == fused) {
                Node out = HiddenDotTail.call(layers, i, h, toLogits);
                if (out != null) {
                    return out;
                }
            }
            h = layers.get(i).call(h, contexts[i]);
        }
        return toLogits ? layers.get(last).callWithoutOutputActivation(h, contexts[last])
                : layers.get(last).call(h, contexts[last]);
    }

    private void accumulateMetrics(Tape tape, Node out, LossHead head, Tensor by, int rows, List<Metric> metricList,
                                   double[] sums) {
        if (metricList.isEmpty()) {
            return;
        }
        // The metrics see probabilities, as in Keras: a fused head applies the activation the loss took the input of.
        float[] outputs = head.outputs(out, model.kernels(), head.fused() ? tape.buffer(out.size()) : null);
        int offset = head.fused() ? 0 : out.offset();
        int cols = out.size() / rows;
        for (int m = 0; m < metricList.size(); m++) {
            sums[m] += metricList.get(m).batchSum(model.kernels(), outputs, offset, by.data(), by.offset(), rows, cols);
        }
    }

    /** The labels' shape and values checked against the model's output and its loss; returns the per-sample label shape. */
    private int[] checkLabels(String what, Tensor y, int n) {
        int[] labelShape = DataChecks.requireLabels(what, y, n, model.loss().labelShape(model.outputShape()));
        model.loss().checkLabels(y, model.outputShape());
        return labelShape;
    }

    private CallContext[] callContexts(long noiseSeed) {
        CallContext[] contexts = new CallContext[model.layerList().size()];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = new CallContext(i, noiseSeed);
        }
        return contexts;
    }

    // ---------------------------------------------------------------- evaluate and predict

    Evaluation evaluate(Tensor x, Tensor y, int batchSize) {
        model.requireCompiled();
        DataChecks.requireData("evaluate", x, y);
        model.buildFor(x);
        int[] labelShape = checkLabels("evaluate", y, x.dim(0));
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        return new Evaluation(evaluateBatches(new ValidationBatches(x, y, labelShape, batchSize), callContexts(0)));
    }

    private Map<String, Double> evaluateBatches(ValidationBatches data, CallContext[] contexts) {
        String[] keys = logKeys("");
        double[] means = evaluateMeans(data, contexts);
        Map<String, Double> values = new LinkedHashMap<>();
        for (int k = 0; k < keys.length; k++) {
            values.put(keys[k], means[k]);
        }
        return values;
    }

    /**
     * The History keys of the loss and the model's metrics, in {@link #evaluateMeans}' order:
     * {@code prefix} + "loss", then {@code prefix} + each metric's name.
     */
    private String[] logKeys(String prefix) {
        List<Metric> metricList = model.metrics();
        String[] keys = new String[1 + metricList.size()];
        keys[0] = prefix + "loss";
        for (int m = 0; m < metricList.size(); m++) {
            keys[1 + m] = prefix + metricList.get(m).name();
        }
        return keys;
    }

    /** The loss and then each metric, as means over the samples, in inference mode. */
    private double[] evaluateMeans(ValidationBatches data, CallContext[] contexts) {
        List<Metric> metricList = model.metrics();
        Tape tape = inferenceTapes.get();
        tape.setTeam(model.team());
        double lossSum = 0;
        double[] sums = new double[metricList.size()];
        LossHead head = head();
        for (int b = 0; b < data.count(); b++) {
            tape.reset();
            tape.setMode(Mode.INFERENCE);
            tape.setGradEnabled(false);
            Tensor bx = data.x(b);
            Tensor by = data.y(b);
            int rows = bx.dim(0);
            Node out = forward(tape.constant(bx), head.fused(), contexts);
            Node lossNode = head.loss(out, tape.constant(by));
            lossSum += (double) lossNode.item() * rows;
            accumulateMetrics(tape, out, head, by, rows, metricList, sums);
        }
        double[] means = new double[1 + metricList.size()];
        means[0] = lossSum / data.samples();
        for (int m = 0; m < metricList.size(); m++) {
            means[1 + m] = sums[m] / data.samples();
        }
        return means;
    }

    Tensor predict(Tensor x, int batchSize) {
        return predictInMode(x, batchSize, Mode.INFERENCE, 0, 0);
    }

    private Tensor predictInMode(Tensor x, int batchSize, Mode mode, long noiseSeed, long step) {
        DataChecks.requireInputs("predict", x);
        model.buildFor(x);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        int n = x.dim(0);
        int[] sampleShape = model.outputShape();
        int[] outShape = new int[sampleShape.length + 1];
        outShape[0] = n;
        System.arraycopy(sampleShape, 0, outShape, 1, sampleShape.length);
        Tensor result = Tensor.zeros(outShape);
        int batches = (n + batchSize - 1) / batchSize;
        Team team = model.team();
        int parts = Math.min(team.size(), batches);
        if (parts <= 1) {
            predictBatches(x, 0, n, batchSize, mode, noiseSeed, step, result, team);
        } else {
            // Whole batches to each thread, each on its own tape: a batch's outputs do not depend
            // on which thread ran it, so the result is the same bits as on one thread.
            team.run(parts, part -> predictBatches(x, (int) Math.min(n, (long) batches * part / parts * batchSize),
                    (int) Math.min(n, (long) batches * (part + 1) / parts * batchSize), batchSize, mode, noiseSeed, step,
                    result, Team.SOLO));
        }
        return result;
    }

    /** Rows {@code [start, end)} of x, in batches from {@code start}, into the same rows of {@code result}. */
    private void predictBatches(Tensor x, int start, int end, int batchSize, Mode mode, long noiseSeed, long step,
                                Tensor result, Team team) {
        int n = x.dim(0);
        int width = n == 0 ? 0 : result.size() / n;
        Tape tape = inferenceTapes.get();
        tape.setTeam(team);
        CallContext[] contexts = callContexts(noiseSeed);
        for (int from = start; from < end; from += batchSize) {
            int to = Math.min(end, from + batchSize);
            tape.reset();
            tape.setMode(mode);
            tape.setGradEnabled(false);
            tape.setStep(step);
            // Each sample's noise comes from its place in x, not in the batch: without this every
            // batch of a Monte Carlo pass (one step) repeated the first batch's draws.
            tape.setFirstSample(from);
            Node out = forward(tape.constant(x.rows(from, to)), false, contexts);
            System.arraycopy(out.data(), out.offset(), result.data(), from * width, (to - from) * width);
        }
    }

    /**
     * d loss / d x for every sample: the gradient of each sample's own loss (the compiled loss,
     * whose batch mean is scaled back up by the batch's rows), with noise as {@code mode} says
     * and the weights only read. Threads get whole batches, as in {@link #predict}.
     */
    Tensor inputGradient(Tensor x, Tensor y, int batchSize) {
        return inputGradient(x, y, batchSize, Mode.INFERENCE, 0);
    }

    /** As {@link #inputGradient(Tensor, Tensor, int)} with noise on, drawn as one Monte Carlo pass from {@code seed}. */
    Tensor inputGradientMonteCarlo(Tensor x, Tensor y, long seed, int batchSize) {
        return inputGradient(x, y, batchSize, Mode.MONTE_CARLO, Seeds.derive(seed, MONTE_CARLO));
    }

    private Tensor inputGradient(Tensor x, Tensor y, int batchSize, Mode mode, long noiseSeed) {
        model.requireCompiled();
        DataChecks.requireData("inputGradient", x, y);
        model.buildFor(x);
        int[] labelShape = checkLabels("inputGradient", y, x.dim(0));
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        ValidationBatches data = new ValidationBatches(x, y, labelShape, batchSize);
        Tensor result = Tensor.zeros(x.shape());
        int batches = data.count();
        Team team = model.team();
        int parts = Math.min(team.size(), batches);
        if (parts <= 1) {
            gradientBatches(data, 0, batches, batchSize, mode, noiseSeed, result, team);
        } else {
            team.run(parts, part -> gradientBatches(data, (int) ((long) batches * part / parts),
                    (int) ((long) batches * (part + 1) / parts), batchSize, mode, noiseSeed, result, Team.SOLO));
        }
        return result;
    }

    /** Batches {@code [first, end)} of {@code data}: their input gradients into the same rows of {@code result}. */
    private void gradientBatches(ValidationBatches data, int first, int end, int batchSize, Mode mode, long noiseSeed,
                                 Tensor result, Team team) {
        Tape tape = inferenceTapes.get();
        tape.setTeam(team);
        CallContext[] contexts = callContexts(noiseSeed);
        LossHead head = head();
        int width = data.samples() == 0 ? 0 : result.size() / data.samples();
        try {
            for (int b = first; b < end; b++) {
                Tensor bx = data.x(b);
                int rows = bx.dim(0);
                tape.reset();
                tape.setMode(mode);
                tape.setGradEnabled(true);
                tape.setParamGrads(false);
                tape.setStep(0);
                tape.setFirstSample((long) b * batchSize);
                Node in = tape.watch(bx);
                Node out = forward(in, head.fused(), contexts);
                Node lossNode = head.loss(out, tape.constant(data.y(b)));
                // The loss is the batch's mean: seeding backward with the row count gives each
                // sample the gradient of its own loss, whatever the batch size.
                tape.backward(lossNode, new float[] {rows});
                float[] grad = in.gradData();
                if (grad != null) {
                    System.arraycopy(grad, 0, result.data(), b * batchSize * width, rows * width);
                }
            }
        } finally {
            tape.setParamGrads(true);
            tape.setGradEnabled(false);
        }
    }

    MonteCarloPrediction predictMonteCarlo(Tensor x, int passes, long seed, int batchSize) {
        if (passes < 1) {
            throw new IllegalArgumentException("Monte Carlo prediction needs at least 1 pass, got " + passes);
        }
        long noiseSeed = Seeds.derive(seed, MONTE_CARLO);
        Tensor mean = null;
        double[] sum = null;
        double[] sumSquares = null;
        for (int p = 0; p < passes; p++) {
            Tensor out = predictInMode(x, batchSize, Mode.MONTE_CARLO, noiseSeed, p);
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
}
