package dev.vecgrad.layers.robustness;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Evaluation;
import dev.vecgrad.layers.models.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Accuracy curves: a model's test accuracy at each of a list of strengths of one
 * perturbation. Accuracy is the model's compiled {@code accuracy} metric, from
 * {@link Sequential#evaluate}; strength 0 evaluates the inputs themselves, so it gives exactly
 * {@code evaluate}'s accuracy.
 */
public final class Robustness {

    private Robustness() {
    }

    /** Gaussian corruption at each sigma, the accuracy averaged over {@code draws} seeded draws. */
    public static List<RobustnessPoint> corruption(Sequential model, Tensor x, Tensor y, double[] sigmas, int draws,
                                                   ValueRange range, long seed, boolean keepInputs) {
        checkLevels("sigmas", sigmas);
        Objects.requireNonNull(range, "range").requireInside("corruption", x);
        if (draws < 1) {
            throw new IllegalArgumentException("corruption needs at least 1 draw, got " + draws);
        }
        List<RobustnessPoint> points = new ArrayList<>();
        for (double sigma : sigmas) {
            GaussianCorruption corruption = new GaussianCorruption(sigma, range, seed);
            if (sigma == 0) {
                points.add(new RobustnessPoint(0, accuracy(model, x, y), keepInputs ? x.copy() : null));
                continue;
            }
            double sum = 0;
            Tensor first = null;
            for (int d = 0; d < draws; d++) {
                Tensor corrupted = corruption.perturb(model.kernels(), x, d);
                sum += accuracy(model, corrupted, y);
                if (d == 0 && keepInputs) {
                    first = corrupted;
                }
            }
            points.add(new RobustnessPoint(sigma, sum / draws, first));
        }
        return points;
    }

    /** FGSM at each eps. */
    public static List<RobustnessPoint> fgsm(Sequential model, Tensor x, Tensor y, double[] epsilons, ValueRange range,
                                             boolean keepInputs) {
        checkLevels("epsilons", epsilons);
        Objects.requireNonNull(range, "range").requireInside("FGSM", x);
        List<RobustnessPoint> points = new ArrayList<>();
        for (double eps : epsilons) {
            Tensor attacked = eps == 0 ? x : new Fgsm(eps, range).perturb(model, x, y);
            points.add(point(model, eps, attacked, y, keepInputs));
        }
        return points;
    }

    /** PGD at each eps, {@code steps} steps of {@link Pgd#defaultAlpha}. */
    public static List<RobustnessPoint> pgd(Sequential model, Tensor x, Tensor y, double[] epsilons, int steps,
                                            ValueRange range, long seed, boolean keepInputs) {
        checkLevels("epsilons", epsilons);
        Objects.requireNonNull(range, "range").requireInside("PGD", x);
        if (steps < 1) {
            throw new IllegalArgumentException("PGD needs at least 1 step, got " + steps);
        }
        List<RobustnessPoint> points = new ArrayList<>();
        for (double eps : epsilons) {
            Tensor attacked = eps == 0 ? x
                    : new Pgd(eps, Pgd.defaultAlpha(eps, steps), steps, range, seed).perturb(model, x, y);
            points.add(point(model, eps, attacked, y, keepInputs));
        }
        return points;
    }

    /** The model's accuracy on (x, y): its compiled {@code accuracy} metric. */
    public static double accuracy(Sequential model, Tensor x, Tensor y) {
        if (!model.metricNames().contains("accuracy")) {
            throw new IllegalStateException("robustness is measured as accuracy: compile the model with the metric"
                    + " \"accuracy\" (it has " + model.metricNames() + ")");
        }
        Evaluation evaluation = model.evaluate(x, y);
        return evaluation.get("accuracy");
    }

    private static RobustnessPoint point(Sequential model, double level, Tensor inputs, Tensor y, boolean keep) {
        return new RobustnessPoint(level, accuracy(model, inputs, y), keep ? inputs.copy() : null);
    }

    private static void checkLevels(String what, double[] levels) {
        Objects.requireNonNull(levels, what);
        if (levels.length == 0) {
            throw new IllegalArgumentException(what + ": give at least one level");
        }
        for (double level : levels) {
            Attacks.checkStrength(what, level);
        }
    }
}
