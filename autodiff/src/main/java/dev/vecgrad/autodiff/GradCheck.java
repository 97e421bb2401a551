package dev.vecgrad.autodiff;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checks an op's (or a whole graph's) backward rule against central differences, like
 * {@code torch.autograd.gradcheck}.
 *
 * <p>The function under test maps input nodes to an output node of any shape. The checker
 * draws fixed random weights {@code w} of the output's shape and compares, for every
 * element {@code x_j} of every input:
 * <ul>
 *   <li>analytic: {@code d(sum_i w_i y_i)/dx_j} from {@link Tape#backward(Node, float[])};</li>
 *   <li>numeric: the same derivative by central differences,
 *       {@code (F(x + h e_j) - F(x - h e_j)) / 2h}, at h and h/2, combined by Richardson
 *       extrapolation so the step's h^2 error cancels. {@code F} sums {@code w_i y_i} in
 *       double, so the only float rounding left is in the outputs themselves.</li>
 * </ul>
 * An element passes when {@code |analytic - numeric| <= absTolerance + relTolerance * |numeric|}.
 *
 * <p>Every evaluation runs on the same tape at the same seed and step, so noise ops draw the
 * same noise each time: their draw is held fixed, as a derivative needs. Avoid points where
 * the function has a kink (ReLU at 0) within a step of the input: there the two sides
 * disagree for a real reason.
 */
public final class GradCheck {

    private GradCheck() {
    }

    /** The function under test: builds its output from the given input nodes on the given tape. */
    @FunctionalInterface
    public interface Function {
        Node apply(Tape tape, Node[] inputs);
    }

    /**
     * How to check.
     *
     * @param step         the finite-difference step h (also h/2 is used)
     * @param absTolerance absolute part of the pass test
     * @param relTolerance relative part of the pass test
     * @param seed         seed of the output weights and of the tape's noise
     * @param mode         the tape's mode during the check ({@link Mode#TRAINING} to check noise ops with a fixed draw)
     */
    public record Options(Kernels kernels, double step, double absTolerance, double relTolerance, long seed, Mode mode) {

        public Options {
            if (!(step > 0) || !(absTolerance >= 0) || !(relTolerance >= 0)) {
                throw new IllegalArgumentException("step must be > 0 and tolerances >= 0");
            }
        }

        /**
         * Defaults for float32: h = 2^-7 (large enough that float rounding in the outputs
         * stays small against it, small enough that the extrapolated truncation error is
         * negligible for smooth ops), absolute and relative tolerance 1e-3, the kernels this
         * JVM uses, seed 1, training mode. See the autodiff README for how to pick tolerances.
         */
        public static Options defaults() {
            return new Options(KernelProvider.get(), 0x1.0p-7, 1e-3, 1e-3, 1, Mode.TRAINING);
        }

        public Options withTolerances(double abs, double rel) {
            return new Options(kernels, step, abs, rel, seed, mode);
        }

        public Options withKernels(Kernels k) {
            return new Options(k, step, absTolerance, relTolerance, seed, mode);
        }

        public Options withStep(double h) {
            return new Options(kernels, h, absTolerance, relTolerance, seed, mode);
        }

        public Options withSeed(long s) {
            return new Options(kernels, step, absTolerance, relTolerance, s, mode);
        }

        public Options withMode(Mode m) {
            return new Options(kernels, step, absTolerance, relTolerance, seed, m);
        }
    }

    /**
     * What the check found: the worst absolute and relative errors and where they occurred,
     * and whether every element passed.
     */
    public record Report(boolean passed, int elementsChecked, int failures,
                         double maxAbsError, Location worstAbs, double maxRelError, Location worstRel) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "gradcheck %s: %d elements, %d failed; max abs error %.3g at %s;"
                    + " max rel error %.3g at %s", passed ? "passed" : "FAILED", elementsChecked, failures,
                    maxAbsError, worstAbs, maxRelError, worstRel);
        }
    }

    /** An element of an input and the two derivatives found there. */
    public record Location(int input, int element, double analytic, double numeric) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "input %d element %d (analytic %.6g, numeric %.6g)",
                    input, element, analytic, numeric);
        }
    }

    public static Report check(Function f, Tensor... inputs) {
        return check(f, Options.defaults(), inputs);
    }

    public static Report check(Function f, Options options, Tensor... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("gradcheck needs at least one input");
        }
        Param[] params = new Param[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            params[i] = new Param("input " + i, inputs[i].copy());
        }
        return checkParams(f, options, params);
    }

    /**
     * Checks the gradient of {@code f} with respect to existing parameters, for example a
     * layer's weights that the layer reaches with {@code tape.param(...)} itself. Their values
     * are perturbed in place and restored; their gradients are zeroed and then hold the
     * analytic gradient. {@code f} also receives a node for each parameter and may use those
     * instead.
     */
    public static Report checkParams(Function f, Options options, Param... params) {
        if (params.length == 0) {
            throw new IllegalArgumentException("gradcheck needs at least one parameter");
        }
        Tape tape = new Tape(options.kernels());
        tape.setMode(options.mode());
        tape.setSeed(options.seed());
        for (Param p : params) {
            p.zeroGrad();
        }

        // Analytic: one backward pass with random output weights.
        tape.reset();
        tape.setGradEnabled(true);
        Node out = f.apply(tape, leaves(tape, params));
        float[] weights = new float[out.size()];
        SplittableRandom random = new SplittableRandom(options.seed());
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextDouble() * 2 - 1);
        }
        tape.backward(out, weights);
        float[][] analytic = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            analytic[i] = params[i].gradData().clone();
        }

        // Numeric: central differences, element by element.
        tape.setGradEnabled(false);
        int checked = 0;
        int failures = 0;
        double maxAbs = -1;
        double maxRel = -1;
        Location worstAbs = null;
        Location worstRel = null;
        for (int i = 0; i < params.length; i++) {
            float[] x = params[i].value().data();
            for (int j = 0; j < x.length; j++) {
                double numeric = derivative(f, tape, params, weights, x, j, options.step());
                double a = analytic[i][j];
                double abs = Math.abs(a - numeric);
                double rel = abs / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), 1e-12);
                checked++;
                if (!(abs <= options.absTolerance() + options.relTolerance() * Math.abs(numeric))) {
                    failures++;
                }
                if (abs > maxAbs || Double.isNaN(abs)) {
                    maxAbs = abs;
                    worstAbs = new Location(i, j, a, numeric);
                }
                if (rel > maxRel || Double.isNaN(rel)) {
                    maxRel = rel;
                    worstRel = new Location(i, j, a, numeric);
                }
            }
        }
        return new Report(failures == 0, checked, failures, maxAbs, worstAbs, maxRel, worstRel);
    }

    private static Node[] leaves(Tape tape, Param[] params) {
        Node[] nodes = new Node[params.length];
        for (int i = 0; i < params.length; i++) {
            nodes[i] = tape.param(params[i]);
        }
        return nodes;
    }

    /** Richardson extrapolation of central differences at h and h/2: (4 D(h/2) - D(h)) / 3. */
    private static double derivative(Function f, Tape tape, Param[] params, float[] weights, float[] x, int j,
                                     double h) {
        double coarse = centralDifference(f, tape, params, weights, x, j, h);
        double fine = centralDifference(f, tape, params, weights, x, j, h / 2);
        return (4 * fine - coarse) / 3;
    }

    private static double centralDifference(Function f, Tape tape, Param[] params, float[] weights, float[] x,
                                            int j, double h) {
        float original = x[j];
        float plus = (float) (original + h);
        float minus = (float) (original - h);
        x[j] = plus;
        double fPlus = weighted(f, tape, params, weights);
        x[j] = minus;
        double fMinus = weighted(f, tape, params, weights);
        x[j] = original;
        // The float steps actually taken, in case x +- h rounded.
        return (fPlus - fMinus) / ((double) plus - (double) minus);
    }

    private static double weighted(Function f, Tape tape, Param[] params, float[] weights) {
        tape.reset();
        Node out = f.apply(tape, leaves(tape, params));
        double total = 0;
        float[] y = out.data();
        for (int i = 0; i < weights.length; i++) {
            total += (double) weights[i] * y[out.offset() + i];
        }
        return total;
    }
}
