

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/** Two trees side by side in one JVM, windows alternated: best and median us per call of each CNN task. */
public class CnnAB {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[2]);
        Method[] time = new Method[2];
        String[] tasks = null;
        int[] reps = null;
        float[] a = new float[18432 * 288], b = new float[288 * 32 + 18432 * 32], c = new float[21632 * 32];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble() - 0.5f;
        for (int v = 0; v < 2; v++) {
            URL[] urls = {Path.of(args[3]).toUri().toURL(), Path.of(args[v], "layers/target/classes/").toUri().toURL(),
                    Path.of(args[v], "autodiff/target/classes/").toUri().toURL(), Path.of(args[v], "core/target/classes/").toUri().toURL()};
            ClassLoader l = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            Class<?> h = Class.forName("dev.vecgrad.layers.CnnHarness", true, l);
            time[v] = h.getMethod("nsPerCall", int.class, int.class);
            h.getMethod("use", float[].class, float[].class, float[].class).invoke(null, a, b, c);
            tasks = (String[]) h.getField("TASKS").get(null);
            reps = (int[]) h.getField("REPS").get(null);
        }
        int nt = tasks.length;
        double[][][] t = new double[2][nt][rounds];
        for (int v = 0; v < 2; v++) for (int k = 0; k < nt; k++) time[v].invoke(null, k, reps[k] * 3);
        for (int rd = 0; rd < rounds; rd++) {
            for (int k = 0; k < nt; k++) {
                for (int o = 0; o < 2; o++) {
                    int v = (rd + o) % 2;
                    t[v][k][rd] = (double) time[v].invoke(null, k, reps[k]);
                }
            }
        }
        System.out.println("| task | prev: best / median us | new: best / median us | prev / new (best) | prev / new (median) |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int k = 0; k < nt; k++) {
            double[] x = t[0][k].clone(), y = t[1][k].clone();
            Arrays.sort(x); Arrays.sort(y);
            System.out.printf("| %s | %.0f / %.0f | %.0f / %.0f | %.2f | %.2f |%n", tasks[k], x[0] / 1e3, x[rounds / 2] / 1e3,
                    y[0] / 1e3, y[rounds / 2] / 1e3, x[0] / y[0], x[rounds / 2] / y[rounds / 2]);
        }
    }
}
