package dev.vecgrad.autodiff.example;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.autodiff.GradCheck;
import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Tensor;
import org.junit.jupiter.api.Test;

class CustomOpTest {

    private static Tensor input() {
        return Tensor.wrap(new float[] {0.5f, -1.25f, 2f, 0.1f, -0.7f}, 5);
    }

    @Test
    void theReadmesSquareOpPassesTheGradientCheck() {
        GradCheck.Report report = GradCheck.check((tape, in) -> Square.apply(in[0]), input());
        assertTrue(report.passed(), report.toString());
    }

    /** The checker catches a wrong backward rule, and says where. */
    @Test
    void aWrongBackwardRuleFailsTheCheck() {
        GradCheck.Report report = GradCheck.check((tape, in) -> WrongSquare.apply(in[0]), input());
        assertFalse(report.passed());
        assertTrue(report.toString().contains("FAILED"), report.toString());
        assertTrue(report.maxAbsError() > 0.1, report.toString());
    }

    /** x^2 with the classic mistake: forgetting the factor 2. */
    static final class WrongSquare implements Op {
        private static final WrongSquare OP = new WrongSquare();

        static Node apply(Node x) {
            Node out = x.tape().outputLike(OP, x, x);
            x.tape().kernels().mul(x.size(), x.data(), x.offset(), x.data(), x.offset(), out.data(), 0);
            return out;
        }

        @Override
        public String name() {
            return "wrongSquare";
        }

        @Override
        public void backward(Node out) {
            Node x = out.input(0);
            float beta = out.tape().claimGrad(x);
            float[] dx = x.gradData();
            for (int i = 0; i < x.size(); i++) {
                float value = x.data()[x.offset() + i] * out.gradData()[i];
                dx[i] = beta == 0f ? value : value + beta * dx[i];
            }
        }
    }
}
