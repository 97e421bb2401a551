package dev.vecgrad.layers;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import java.util.SplittableRandom;

/** The tutorial-size CNN and its convolution products, loaded once per tree (its own class loader): ns per call of a task. */
public final class CnnHarness {
    static final Kernels K = KernelProvider.simd();
    static float[] A, B, C;
    static Sequential model;
    static Tensor X, Y;
    public static final String[] TASKS = {"gemm 18432x32x288 (conv2 forward)", "gemm 288x32x18432 transA (conv2 weight grad)",
            "gemm 21632x32x9 (conv1 forward)", "CNN fit, 64 images (2 steps of 32)", "col2im scatter, 26x26x32 3x3, batch 32", "im2col gather, same", "gemm 512x512x512 (packed A)"};
    static final dev.vecgrad.core.conv.Window2d WIN = dev.vecgrad.core.conv.Window2d.of(26, 26, 32, 3, 3, 1, 1,
            dev.vecgrad.core.conv.Padding.VALID);

    public static void use(float[] a, float[] b, float[] c) {
        A = a; B = b; C = c;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[64 * 784];
        float[] y = new float[64];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10);
        X = Tensor.wrap(x, 64, 28, 28, 1);
        Y = Tensor.wrap(y, 64, 1);
        model = new Sequential(1);
        model.add(new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1));
        model.add(new Conv2D(32, 3).activation("relu"));
        model.add(new MaxPooling2D());
        model.add(new Flatten());
        model.add(new Dense(10, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
    }

    public static double nsPerCall(int task, int reps) {
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            switch (task) {
                case 3: model.fit(X, Y, Fit.epochs(1).batchSize(32).shuffle(false).verbose(0)); break;
                case 0: K.gemm(false, false, 18432, 32, 288, 1f, A, 0, 288, B, 0, 32, 0f, C, 0, 32); break;
                case 1: K.gemm(true, false, 288, 32, 18432, 1f, A, 0, 288, C, 0, 32, 0f, B, 0, 32); break;
                case 2: K.gemm(false, false, 21632, 32, 9, 1f, A, 0, 9, B, 0, 32, 0f, C, 0, 32); break;
                case 4: dev.vecgrad.core.conv.Patches.scatter(WIN, 32, A, 0f, C); break;
                case 5: dev.vecgrad.core.conv.Patches.gather(WIN, 32, C, 0, A); break;
                case 6: K.gemm(false, false, 512, 512, 512, 1f, A, 0, 512, A, 262144, 512, 0f, C, 0, 512); break;
                default: model.fit(X, Y, Fit.epochs(1).batchSize(32).shuffle(false).verbose(0)); break;
            }
        }
        return (System.nanoTime() - t0) / (double) reps;
    }
}
