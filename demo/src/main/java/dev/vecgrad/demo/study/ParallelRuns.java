package dev.vecgrad.demo.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The studies' runs on a pool of threads: run {@code i} of job {@code j} for every job, results
 * gathered job by job and run by run, whatever order they finish in. Each run must depend on
 * (j, i) alone (its own model, a seed from i), so the results do not depend on the thread count.
 */
public final class ParallelRuns {

    /** One run: job {@code job}'s run number {@code index}. */
    @FunctionalInterface
    public interface Task<R> {
        R run(int job, int index);
    }

    private ParallelRuns() {
    }

    /**
     * {@code runsPerJob[j]} runs of each job j on {@code threads} daemon threads; {@code onRunDone}
     * is called (from the workers) after each. The first run to throw ends the whole: its
     * exception is rethrown, the other runs are cancelled.
     */
    public static <R> List<List<R>> run(int threads, int[] runsPerJob, Task<R> task, IntConsumer onRunDone) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vecgrad-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Future<R>>> futures = new ArrayList<>();
            int most = 0;
            for (int runs : runsPerJob) {
                futures.add(new ArrayList<>());
                most = Math.max(most, runs);
            }
            // Run 0 of every job, then run 1 of every job, ...: the JIT sees every job's layers
            // and ops in its first profiles and compiles the training loop once for all of
            // them. Job after job, each new job's types threw the compiled loop away (about
            // two seconds of recompiling in a cold default study).
            for (int i = 0; i < most; i++) {
                for (int j = 0; j < runsPerJob.length; j++) {
                    if (i < runsPerJob[j]) {
                        int job = j;
                        int index = i;
                        futures.get(j).add(pool.submit(() -> {
                            R result = task.run(job, index);
                            onRunDone.accept(1);
                            return result;
                        }));
                    }
                }
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
