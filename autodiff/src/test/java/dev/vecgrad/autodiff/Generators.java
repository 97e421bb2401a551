package dev.vecgrad.autodiff;

import dev.vecgrad.core.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** jqwik generators for gradient checks: small shapes with awkward sizes, full-precision values. */
public final class Generators {

    private Generators() {
    }

    /** A dimension: 1, the neighbours of vector widths, or anything up to {@code max}. */
    public static Arbitrary<Integer> dim(int max) {
        return Arbitraries.oneOf(
                Arbitraries.of(1, 2, 3, 5, 7, 15, 16, 17).filter(d -> d <= max),
                Arbitraries.integers().between(1, max));
    }

    /**
     * Values in [-range, range] with 6 decimals (jqwik's default scale is 2, which would put
     * every value on a 0.01 grid).
     */
    public static Arbitrary<Float> value(float range) {
        return Arbitraries.floats().between(-range, range).ofScale(6);
    }

    /** Values whose magnitude is at least {@code margin}: away from a kink at 0. */
    public static Arbitrary<Float> valueAwayFromZero(float range, float margin) {
        return value(range).filter(v -> Math.abs(v) >= margin);
    }

    /** A tensor of values spread over [-range, range) with full float precision. */
    public static Tensor uniform(SplittableRandom random, float range, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * range);
        }
        return t;
    }

    /** A tensor of the given shape filled from {@code values}. */
    public static Arbitrary<Tensor> tensor(Arbitrary<Float> values, int... shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return values.list().ofSize(size).map(list -> {
            float[] data = new float[list.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = list.get(i);
            }
            return Tensor.wrap(data, shape.clone());
        });
    }
}
