package dev.vecgrad.layers.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.Param;
import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An optimizer's running state, taken and given back: what a checkpoint holds of it. */
class OptimizerStateTest {

    private static List<Param> params() {
        Param a = new Param("a", Tensor.wrap(new float[] {1, 2, 3}, 3));
        Param b = new Param("b", Tensor.wrap(new float[] {4, 5}, 2));
        return List.of(a, b);
    }

    private static void step(Optimizer optimizer, List<Param> params, float grad) {
        for (Param p : params) {
            p.zeroGrad();
            for (int i = 0; i < p.size(); i++) {
                p.gradData()[i] = grad * (i + 1);
            }
        }
        optimizer.step(params, KernelProvider.scalar());
    }

    @Test
    void aRestoredOptimizerStepsAsTheOneItWasTakenFrom() {
        for (boolean adam : new boolean[] {true, false}) {
            List<Param> original = params();
            Optimizer first = adam ? new Adam(0.01) : new Sgd(0.05, 0.9, false);
            step(first, original, 0.5f);
            step(first, original, -0.25f);

            List<Param> copy = params();
            for (int i = 0; i < copy.size(); i++) {
                System.arraycopy(original.get(i).value().data(), 0, copy.get(i).value().data(), 0, copy.get(i).size());
            }
            Optimizer second = adam ? new Adam(0.01) : new Sgd(0.05, 0.9, false);
            second.restoreState(copy, first.iterations(), first.state());
            assertEquals(adam ? List.of("m", "v") : List.of("velocity"), List.copyOf(second.state().keySet()));

            step(first, original, 0.125f);
            step(second, copy, 0.125f);
            for (int i = 0; i < copy.size(); i++) {
                assertArrayEquals(original.get(i).value().toArray(), copy.get(i).value().toArray(), adam ? "adam" : "sgd");
            }
            assertEquals(3, second.iterations());
        }
    }

    @Test
    void aStateThatDoesNotFitIsRefusedWholeAndNamed() {
        List<Param> params = params();
        Adam adam = new Adam();
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
                () -> adam.restoreState(params, 2, Map.of("m", new float[][] {new float[3], new float[2]})));
        assertTrue(names.getMessage().contains("keeps [m, v]"), names.getMessage());
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class, () -> adam.restoreState(params, 2,
                Map.of("m", new float[][] {new float[3], new float[2]}, "v", new float[][] {new float[3], new float[3]})));
        assertTrue(sizes.getMessage().contains("slot v of b has 3 values for 2 weights"), sizes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adam.restoreState(params, -1, Map.of()));
        assertEquals(0, adam.iterations());
        assertEquals(Map.of(), adam.state());
    }
}
