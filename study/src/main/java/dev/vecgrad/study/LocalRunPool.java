package dev.vecgrad.study;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The studies' runs on threads of this JVM: run {@code i} of job {@code j} for every job, results
 * gathered job by job and run by run, whatever order they finish in. Each run depends on (j, i)
 * alone (its own model, a seed from i), so the results do not depend on the thread count.
 */
public final class LocalRunPool implements RunPool {

    private final int threads;

    /** A pool that trains {@code threads} runs at once. */
    public LocalRunPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /**
     * {@inheritDoc} Here on {@code threads} daemon threads; {@code onRunDone} is called from
     * the workers. The first run to throw ends the whole: its exception is rethrown, the other
     * runs are cancelled.
     */
    @Override
    public <R extends Serializable> List<List<R>> run(int[] runsPerJob, Task<R> task, IntConsumer onRunDone) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vecgrad-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Future<R>>> futures = new ArrayList<>();
            for (int j = 0; j < runsPerJob.length; j++) {
                futures.add(new ArrayList<>());
            }
            for (RunId run : RunPool.inStartOrder(runsPerJob)) {
                futures.get(run.job()).add(pool.submit(() -> {
                    R result = task.run(run.job(), run.index());
                    onRunDone.accept(1);
                    return result;
                }));
            }
            List<List<R>> results = new ArrayList<>();
            for (List<Future<R>> perJob : futures) {
                List<R> list = new ArrayList<>();
                for (Future<R> f : perJob) {
                    list.add(f.get());
                }
                results.add(list);
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
