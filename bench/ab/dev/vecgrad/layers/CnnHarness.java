package dev.vecgrad.layers;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import java.util.SplittableRandom;

/**
 * The tutorial-size CNN, its convolution products and two square GEMMs (for changes to the
 * packed GEMM), loaded once per tree (its own class loader): ns per call of a task. A task a
 * tree does not have (the direct convolution before it existed) reports NaN.
 */
public final class CnnHarness {
    static final Kernels K = KernelProvider.simd();
    static final Window2d CONV1 = Window2d.of(28, 28, 1, 3, 3, 1, 1, Padding.VALID);
    static final Window2d CONV2 = Window2d.of(26, 26, 32, 3, 3, 1, 1, Padding.VALID);
    static final Window2d POOL = Window2d.of(24, 24, 32, 2, 2, 2, 2, Padding.VALID);
    static float[] poolIn, pooled, poolGrad, poolDx;
    static float[] x1, x2, k1, k2, bias, out1, out2, g1, g2, dx2, dk;
    static Sequential model, small;
    static Tensor smallX, smallY;
    static Tensor X, Y;
    static float[] gA, gB, gC;
    public static final String[] TASKS = {"CNN fit, 64 images (2 steps of 32)", "CNN predict, 320 images",
            "conv2 forward, 26x26x32 -> 32, batch 32", "conv2 input gradient", "conv2 kernel gradient",
            "conv1 forward, 28x28x1 -> 32, batch 32", "conv1 kernel gradient",
            "small CNN fit (12x12x1, 8 filters, the cnn study's), 64 images", "GEMM 512^3", "GEMM 1024^3",
            "pool backward, 24x24x32, batch 32"};
    public static final int[] REPS = {5, 5, 20, 20, 20, 40, 40, 20, 10, 2, 100};

    public static void use(float[] unusedA, float[] unusedB, float[] unusedC) {
        SplittableRandom r = new SplittableRandom(3);
        x1 = values(r, 32 * CONV1.inSize());
        x2 = values(r, 32 * CONV2.inSize());
        k1 = values(r, CONV1.patchSize() * 32);
        k2 = values(r, CONV2.patchSize() * 32);
        bias = values(r, 32);
        out1 = new float[32 * CONV1.outPositions() * 32];
        out2 = new float[32 * CONV2.outPositions() * 32];
        g1 = values(r, out1.length);
        g2 = values(r, out2.length);
        dx2 = new float[x2.length];
        dk = new float[k2.length];
        poolIn = values(r, 32 * POOL.inSize());
        for (int i = 0; i < poolIn.length; i++) poolIn[i] = Math.max(0f, poolIn[i]);     // after a ReLU
        pooled = new float[32 * POOL.outPositions() * 32];
        K.maxPool2d(POOL, 32, poolIn, 0, pooled, 0);
        poolGrad = values(r, pooled.length);
        poolDx = new float[poolIn.length];
        gA = values(r, 1024 * 1024);
        gB = values(r, 1024 * 1024);
        gC = new float[1024 * 1024];
        float[] x = values(r, 320 * 784);
        float[] y = new float[320];
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10);
        X = Tensor.wrap(x, 320, 28, 28, 1);
        Y = Tensor.wrap(y, 320, 1);
        model = new Sequential(1);
        model.add(new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1));
        model.add(new Conv2D(32, 3).activation("relu"));
        model.add(new MaxPooling2D());
        model.add(new Flatten());
        model.add(new Dense(10, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        smallX = Tensor.wrap(values(r, 64 * 144), 64, 12, 12, 1);
        float[] labels = new float[64];
        for (int i = 0; i < 64; i++) labels[i] = r.nextInt(2);
        smallY = Tensor.wrap(labels, 64, 1);
        small = new Sequential(1);
        small.add(new Conv2D(8, 3).activation("relu").inputShape(12, 12, 1));
        small.add(new Conv2D(8, 3).activation("relu"));
        small.add(new MaxPooling2D());
        small.add(new GaussianNoise(0.1));
        small.add(new Flatten());
        small.add(new Dense(1, "sigmoid"));
        small.compile("binary_crossentropy", "adam", "accuracy");
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble() - 0.5f;
        return a;
    }

    public static double nsPerCall(int task, int reps) {
        long t0 = System.nanoTime();
        try {
            for (int r = 0; r < reps; r++) {
                switch (task) {
                    case 0: model.fit(X.rows(0, 64), Y.rows(0, 64), Fit.epochs(1).batchSize(32).shuffle(false).verbose(0)); break;
                    case 1: model.predict(X, 32); break;
                    case 2: K.conv2d(CONV2, 32, 32, x2, 0, k2, 0, bias, 0, true, out2, 0); break;
                    case 3: K.conv2dBackwardData(CONV2, 32, 32, g2, 0, k2, 0, 0f, dx2, 0); break;
                    case 4: K.conv2dBackwardKernel(CONV2, 32, 32, x2, 0, g2, 0, 0f, dk, 0); break;
                    case 5: K.conv2d(CONV1, 32, 32, x1, 0, k1, 0, bias, 0, true, out1, 0); break;
                    case 6: K.conv2dBackwardKernel(CONV1, 32, 32, x1, 0, g1, 0, 0f, dk, 0); break;
                    case 8: K.gemm(false, false, 512, 512, 512, 1f, gA, 0, 512, gB, 0, 512, 0f, gC, 0, 512); break;
                    case 9: K.gemm(false, false, 1024, 1024, 1024, 1f, gA, 0, 1024, gB, 0, 1024, 0f, gC, 0, 1024); break;
                    case 10: K.maxPool2dBackward(POOL, 32, poolIn, 0, pooled, 0, poolGrad, 0, 0f, poolDx, 0); break;
                    default: small.fit(smallX, smallY, Fit.epochs(1).batchSize(32).shuffle(false).verbose(0)); break;
                }
            }
        } catch (LinkageError missing) {
            return Double.NaN;
        }
        return (System.nanoTime() - t0) / (double) reps;
    }
}
