package dev.vecgrad.study.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A study's output files written side by side. After training, the charts, PNG encodings and
 * CSVs are independent of each other, and one thread writing them in turn left the other
 * cores idle for about a second (the default demo's last 1.0-1.2 s on two cores). Each task
 * writes files of its own and nothing else, so the files are the same whatever the order;
 * the caller keeps what must stay in order (the report's sections) on its own thread.
 */
public final class ParallelWrites implements AutoCloseable {

    /** One file (or a few) to write. */
    @FunctionalInterface
    public interface Write {
        void run() throws IOException;
    }

    private final ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();

    /** Writes on up to {@code threads} daemon threads; 1 writes each file as it is added. */
    public ParallelWrites(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "vecgrad-writes");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts {@code write}; with one thread, runs it now. */
    public void add(Write write) throws IOException {
        if (pool == null) {
            write.run();
            return;
        }
        pending.add(pool.submit(() -> {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
    }

    /**
     * Waits for every write added so far. The first failure, in the order the writes were
     * added, is thrown as it was thrown (an {@link IOException} as itself), after all have ended.
     */
    public void awaitAll() throws IOException {
        Throwable first = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the study's files", e);
            }
        }
        pending.clear();
        if (first instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error err) {
            throw err;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
