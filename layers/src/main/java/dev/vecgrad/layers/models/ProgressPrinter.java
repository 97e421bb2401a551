package dev.vecgrad.layers.models;

import dev.vecgrad.layers.metrics.Metric;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keras's fit output: nothing (verbose 0), a progress bar per epoch (1), or a line per epoch (2). */
final class ProgressPrinter {

    private static final int BAR = 30;

    private final int verbose;
    private final PrintStream out;
    private final int epochs;
    private final int batches;

    ProgressPrinter(int verbose, PrintStream out, int epochs, int batches) {
        this.verbose = verbose;
        this.out = out;
        this.epochs = epochs;
        this.batches = batches;
    }

    void epochStart(int epoch) {
        if (verbose == 1) {
            out.printf(Locale.ROOT, "Epoch %d/%d%n", epoch + 1, epochs);
        }
    }

    void batchEnd(int batch, double lossSum, double[] metricSums, List<Metric> metrics, int seen) {
        if (verbose != 1) {
            return;
        }
        int done = (batch + 1) * BAR / batches;
        StringBuilder sb = new StringBuilder("\r").append(batch + 1).append('/').append(batches).append(" [");
        sb.append("=".repeat(Math.max(0, done - 1))).append(done < BAR ? ">" : "=").append(".".repeat(BAR - done));
        sb.append("] - loss: ").append(format(lossSum / seen));
        for (int m = 0; m < metrics.size(); m++) {
            sb.append(" - ").append(metrics.get(m).name()).append(": ").append(format(metricSums[m] / seen));
        }
        out.print(sb);
    }

    void epochEnd(int epoch, Map<String, Double> logs, long nanos) {
        if (verbose == 0) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (verbose == 1) {
            sb.append("\r").append(batches).append('/').append(batches).append(" [").append("=".repeat(BAR)).append(']');
        } else {
            sb.append("Epoch ").append(epoch + 1).append('/').append(epochs);
        }
        sb.append(" - ").append(nanos / 1_000_000).append("ms");
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            sb.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
        }
        out.println(sb);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
