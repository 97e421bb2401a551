

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/** Two versions side by side in one JVM, windows alternated: prints best and median ns per call of each. */
public class StepAB {
    public static void main(String[] args) throws Exception {
        String[] roots = {args[0], args[1]};
        int rounds = Integer.parseInt(args[2]);
        Method[] time = new Method[2];
        Method[] uses = new Method[2];
        String[] tasks = null;
        for (int v = 0; v < 2; v++) {
            URL[] urls = {Path.of(args[3]).toUri().toURL(), Path.of(roots[v], "autodiff/target/test-classes/").toUri().toURL(),
                    Path.of(roots[v], "autodiff/target/classes/").toUri().toURL(), Path.of(roots[v], "core/target/classes/").toUri().toURL()};
            ClassLoader l = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            Class<?> h = Class.forName("dev.vecgrad.autodiff.StepHarness", true, l);
            time[v] = h.getMethod("nsPerCall", int.class, int.class);
            uses[v] = h.getMethod("use", float[].class, float[].class, float[].class);
            tasks = (String[]) h.getField("TASKS").get(null);
        }
        int n = 4099;
        float[] fa = new float[n], fb = new float[n], fc = new float[n];
        for (int i = 0; i < n; i++) { fa[i] = (i % 13) * 0.1f - 0.6f; fb[i] = (i % 7) * 0.2f - 0.5f; fc[i] = 0.01f; }
        int nt = tasks.length;
        double[][][] t = new double[2][nt][rounds];
        for (int v = 0; v < 2; v++) uses[v].invoke(null, fa, fb, fc);
        // Warm-up: 30,000 calls of everything in each version.
        for (int v = 0; v < 2; v++) for (int k = 0; k < nt; k++) time[v].invoke(null, k, 30000);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < nt; k++) {
                int reps = k >= 8 ? 2000 : 20000;
                for (int o = 0; o < 2; o++) {
                    int v = (r + o) % 2;
                    t[v][k][r] = (double) time[v].invoke(null, k, reps);
                }
            }
        }
        System.out.println("| task | prev: best / median ns | new: best / median ns | prev / new (best) | prev / new (median) |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int k = 0; k < nt; k++) {
            double[] a = t[0][k].clone(), b = t[1][k].clone();
            Arrays.sort(a); Arrays.sort(b);
            System.out.printf("| %s | %.0f / %.0f | %.0f / %.0f | %.2f | %.2f |%n", tasks[k], a[0], a[rounds / 2], b[0], b[rounds / 2],
                    a[0] / b[0], a[rounds / 2] / b[rounds / 2]);
        }
    }
}
