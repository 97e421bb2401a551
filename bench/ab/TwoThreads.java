

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import dev.vecgrad.study.nets.TutorialNets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The tutorial's CNN on one thread and on two, in one JVM, step by step in turn (a training
 * step of 32 images, or one batch's inference), so a neighbour's load falls on both alike:
 * medians and tenth percentiles of each, and their ratio. Run from a built tree:
 *
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar bench/ab/TwoThreads.java train 200
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar bench/ab/TwoThreads.java infer 400
 */
public class TwoThreads {
    public static void main(String[] args) {
        boolean train = args.length > 0 && args[0].equals("train");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int batch = 32;
        SplittableRandom r = new SplittableRandom(1);
        float[] pixels = new float[batch * 784];
        float[] labels = new float[batch];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) r.nextDouble();
        for (int i = 0; i < batch; i++) labels[i] = r.nextInt(10);
        Tensor x = Tensor.wrap(pixels, batch, 28, 28, 1);
        Tensor y = Tensor.wrap(labels, batch, 1);
        Sequential[] models = new Sequential[2];
        for (int t = 0; t < 2; t++) {
            models[t] = TutorialNets.fashionCnn(1, 0.1, TutorialNets.NoiseAt.AFTER_POOLING).threads(t + 1);
        }
        Fit oneStep = Fit.epochs(1).batchSize(batch).verbose(0);
        long[][] ns = new long[2][reps];
        for (int i = -100; i < reps; i++) {                       // the first 100 of each warm up
            for (int t = 0; t < 2; t++) {
                long start = System.nanoTime();
                if (train) {
                    models[t].fit(x, y, oneStep);
                } else {
                    models[t].predict(x, batch);
                }
                if (i >= 0) {
                    ns[t][i] = System.nanoTime() - start;
                }
            }
        }
        for (long[] times : ns) {
            Arrays.sort(times);
        }
        System.out.printf("%s: 1 thread median %d us (p10 %d), 2 threads median %d us (p10 %d), 1/2 median %.2fx, p10 %.2fx%n",
                train ? "training step" : "inference, one batch", ns[0][reps / 2] / 1000, ns[0][reps / 10] / 1000,
                ns[1][reps / 2] / 1000, ns[1][reps / 10] / 1000, (double) ns[0][reps / 2] / ns[1][reps / 2],
                (double) ns[0][reps / 10] / ns[1][reps / 10]);
        System.exit(0);
    }
}
