package dev.vecgrad.core.kernels;

import java.util.Objects;

/**
 * GEMM on several threads (a {@link Team}): the rows of C are cut into one band per thread and
 * each band is an ordinary single-threaded {@link Kernels#gemm} on its rows of op(A), so every
 * thread packs and blocks exactly as one thread would. Bands share nothing they write.
 *
 * <p>Small products stay on the calling thread: handing work to another thread and waiting
 * for it costs microseconds, which only pays for itself above a few million flops per band.
 * The network layers do not use this class (their products are far below that); it is for
 * large matrices and for the two-thread benchmarks.
 *
 * <pre>
 *   try (ParallelGemm gemm = new ParallelGemm(KernelProvider.get(), 2)) {
 *       gemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
 *   }
 * </pre>
 */
public final class ParallelGemm implements AutoCloseable {

    /** Flops a band must have before another thread is worth waking (about 100 us of one core's work). */
    static final long MIN_FLOPS_PER_BAND = 1L << 23;
    /** Band heights are multiples of this, so that no band ends in a sliver of a register tile. */
    static final int ROW_GRAIN = 16;

    private final Kernels kernels;
    private final Team team;

    /** Runs {@code kernels.gemm} on up to {@code threads} threads (the caller's included). */
    public ParallelGemm(Kernels kernels, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.team = threads == 1 ? Team.SOLO : new Team(threads);
    }

    public int threads() {
        return team.size();
    }

    /** {@link Kernels#gemm}, with the same arguments and the same checks. */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        KernelChecks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        int bands = bands(m, n, k);
        if (bands == 1) {
            kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int rowsPerBand = (m / bands + ROW_GRAIN - 1) / ROW_GRAIN * ROW_GRAIN;
        int count = (m + rowsPerBand - 1) / rowsPerBand;
        team.run(count, i -> {
            int from = i * rowsPerBand;
            band(transA, transB, from, Math.min(rowsPerBand, m - from), n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        });
    }

    /** How many bands: one per thread, but none smaller than the flop threshold or the row grain. */
    int bands(int m, int n, int k) {
        long flops = 2L * m * n * k;
        long byWork = Math.max(1, flops / MIN_FLOPS_PER_BAND);
        long byRows = Math.max(1, m / ROW_GRAIN);
        return (int) Math.min(team.size(), Math.min(byWork, byRows));
    }

    /** Rows {@code [from, from + rows)} of C: op(A)'s row i is stored row i, or stored column i when transposed. */
    private void band(boolean transA, boolean transB, int from, int rows, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int aStart = aOff + (transA ? from : from * lda);
        kernels.gemm(transA, transB, rows, n, k, alpha, a, aStart, lda, b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
    }

    /** Stops the worker threads (they are daemons, so forgetting this does not keep the JVM alive). */
    @Override
    public void close() {
        team.close();
    }
}
