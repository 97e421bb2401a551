package dev.vecgrad.layers;

import dev.vecgrad.autodiff.Mode;
import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A layer of a {@link dev.vecgrad.layers.models.Sequential} model, as in Keras: configured in
 * its constructor (and checked there), built once its input shape is known (that is when it
 * creates its weights), then called on batches.
 *
 * <p>Shapes exclude the batch axis, as Keras's {@code input_shape} does: a Dense layer on 2
 * features has input shape {@code (2,)} and sees batches of shape {@code (batch, 2)}.
 */
public abstract class Layer {

    private String name;
    private int[] declaredInputShape;
    private int[] inputShape;
    private int[] outputShape;

    /** The per-sample input shape of the first layer, as Keras's {@code input_shape=(2,)}. */
    public Layer inputShape(int... shape) {
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException(typeName() + ": input shape " + Shapes.format(shape)
                        + " has a dimension below 1");
            }
        }
        this.declaredInputShape = shape.clone();
        return this;
    }

    /** Keras's {@code input_dim=n}: the same as {@code inputShape(n)}. */
    public Layer inputDim(int dim) {
        return inputShape(dim);
    }

    /** The input shape given with {@link #inputShape}, or null. */
    public int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    /** Names the layer (otherwise the model names it after its type, as Keras: {@code dense}, {@code dense_1}, ...). */
    public Layer name(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    /** The Keras class name, for {@code summary()}: {@code Dense}, {@code GaussianNoise}, ... */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /** The snake_case stem the model names the layer with: {@code dense}, {@code gaussian_noise}, {@code conv2d}. */
    public String defaultNameStem() {
        // Keras's to_snake_case, so that Conv2D is conv2d and MaxPooling2D max_pooling2d.
        return typeName().replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- building

    /** Whether {@link #build} has run. */
    public boolean isBuilt() {
        return outputShape != null;
    }

    /**
     * Builds the layer for a per-sample input shape: creates its weights from {@code context}'s
     * seed. Called by the model; a layer is built once.
     */
    public final void build(int[] inputShape, BuildContext context) {
        if (isBuilt()) {
            if (!Arrays.equals(this.inputShape, inputShape)) {
                throw new IllegalStateException(name + " was built for input shape " + Shapes.format(this.inputShape)
                        + " and cannot take " + Shapes.format(inputShape));
            }
            return;
        }
        if (declaredInputShape != null && !Arrays.equals(declaredInputShape, inputShape)) {
            throw new IllegalArgumentException(name + " declares input shape " + Shapes.format(declaredInputShape)
                    + " but receives " + Shapes.format(inputShape));
        }
        this.outputShape = create(inputShape.clone(), context);
        this.inputShape = inputShape.clone();
    }

    /** Creates the weights for this input shape and returns the output shape. */
    protected abstract int[] create(int[] inputShape, BuildContext context);

    public int[] inputShapeBuilt() {
        requireBuilt();
        return inputShape.clone();
    }

    public int[] outputShape() {
        requireBuilt();
        return outputShape.clone();
    }

    protected void requireBuilt() {
        if (!isBuilt()) {
            throw new IllegalStateException(typeName() + " " + name + " is not built yet: give the first layer an"
                    + " inputShape, or call fit/predict/build first");
        }
    }

    // ---------------------------------------------------------------- running

    /** The layer on a batch node (leading axis = batch). Training-only behaviour follows the tape's mode. */
    public abstract Node call(Node x, CallContext context);

    /**
     * The activation this layer applies last, if a loss might take its input instead (a
     * sigmoid before binary cross-entropy, a softmax before categorical cross-entropy); null
     * when there is none.
     */
    public ActivationFunction outputActivation() {
        return null;
    }

    /** The layer without its {@link #outputActivation()} (its "logits"); only called when that is not null. */
    public Node callWithoutOutputActivation(Node x, CallContext context) {
        throw new UnsupportedOperationException(typeName() + " has no output activation to leave out");
    }

    /**
     * Whether this layer gives back its input unchanged in {@code mode} (noise and dropout
     * outside training), so that the layers on either side may run as one op.
     */
    public boolean isIdentityIn(Mode mode) {
        return false;
    }

    /** The trainable parameters, in a stable order. */
    public List<Param> params() {
        return List.of();
    }

    /** Copies of the layer's weights, in {@link #params()} order (Keras's {@code get_weights()}: kernel, then bias). */
    public List<Tensor> getWeights() {
        List<Tensor> weights = new ArrayList<>();
        for (Param p : params()) {
            weights.add(p.value().copy());
        }
        return weights;
    }

    /**
     * Sets the layer's weights from copies of {@code weights}, in {@link #getWeights()} order
     * (Keras's {@code set_weights}). The count, every shape and every value are checked before
     * anything changes; the message names the layer and the weight.
     */
    public void setWeights(List<Tensor> weights) {
        checkWeights(weights);
        List<Param> params = params();
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().copyFrom(weights.get(i));
        }
    }

    /** What {@link #setWeights} checks: one weight per parameter, of its shape, every value finite. */
    public void checkWeights(List<Tensor> weights) {
        List<Param> params = params();
        if (weights.size() != params.size()) {
            throw new IllegalArgumentException(this + " has " + params.size() + " weights, got " + weights.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor given = weights.get(i);
            Tensor own = params.get(i).value();
            if (given == null || !own.sameShape(given)) {
                throw new IllegalArgumentException(params.get(i).name() + ": expected a weight of shape "
                        + Shapes.format(own.shape()) + ", got " + (given == null ? "null" : Shapes.format(given.shape())));
            }
            float[] data = given.data();
            for (int j = 0; j < given.size(); j++) {
                if (!Float.isFinite(data[given.offset() + j])) {
                    throw new IllegalArgumentException(params.get(i).name() + ": value " + j + " is " + data[given.offset() + j]
                            + "; weights must be finite");
                }
            }
        }
    }

    public int paramCount() {
        int total = 0;
        for (Param p : params()) {
            total += p.size();
        }
        return total;
    }

    @Override
    public String toString() {
        return (name == null ? "(unnamed)" : name) + " (" + typeName() + ")";
    }

    // ---------------------------------------------------------------- configuration

    /**
     * The layer's configuration (Keras's {@code get_config}) without its name and type: what a
     * model file stores so that {@code dev.vecgrad.layers.io.LayerConfigs} can make the same
     * layer again. Values are numbers, strings, booleans, int arrays or null.
     */
    public Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    /**
     * How many parameters the layer will create for a per-sample input shape, without creating
     * them (a model file is checked against this before any weight is allocated).
     */
    public long paramCountFor(int[] inputShape) {
        return 0;
    }
}
