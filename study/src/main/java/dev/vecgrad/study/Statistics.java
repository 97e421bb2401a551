package dev.vecgrad.study;

/** Mean, standard deviation and a 95% confidence interval for the mean, from a few runs. */
public record Statistics(int n, double mean, double std, double ciLow, double ciHigh) {

    /** Student's t quantiles t(0.975, df) for df = 1 .. 30. */
    private static final double[] T975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    };

    /**
     * The sample statistics of {@code values}: the standard deviation with n - 1 (0 for one
     * value) and the t-based 95% interval {@code mean +- t(0.975, n-1) std / sqrt(n)}.
     */
    public static Statistics of(double[] values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        if (n == 1) {
            return new Statistics(1, mean, 0, mean, mean);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        double t = n - 1 <= T975.length ? T975[n - 2] : 1.96;
        double half = t * std / Math.sqrt(n);
        return new Statistics(n, mean, std, mean - half, mean + half);
    }
}
