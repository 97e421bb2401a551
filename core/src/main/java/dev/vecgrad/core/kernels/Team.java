package dev.vecgrad.core.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads, the caller's included, that run the independent parts of one
 * piece of work and return when all are done: how a batch's convolutions and poolings are
 * split by image over a model's threads.
 *
 * <p>A part must not depend on the others or on the order they run in; then the result is the
 * same bits whatever the team's size, which is what the callers promise. A team of one runs
 * the parts in order on the caller's thread and starts no thread.
 */
public final class Team implements AutoCloseable {

    /** The team of one: no threads of its own. */
    public static final Team SOLO = new Team(1);

    private final int size;
    private final ExecutorService pool;

    /** A team of {@code size} threads: the caller and {@code size - 1} daemon workers. */
    public Team(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a team needs at least 1 thread, got " + size);
        }
        this.size = size;
        this.pool = size == 1 ? null : Executors.newFixedThreadPool(size - 1, runnable -> {
            Thread t = new Thread(runnable, "vecgrad-team");
            t.setDaemon(true);
            return t;
        });
    }

    public int size() {
        return size;
    }

    /**
     * Runs {@code part.accept(i)} for every i in {@code [0, parts)}: part i on thread
     * {@code i % size}, the caller taking thread 0's. The first failure is rethrown once all
     * parts have stopped.
     */
    public void run(int parts, IntConsumer part) {
        if (parts < 0) {
            throw new IllegalArgumentException("parts must be >= 0, got " + parts);
        }
        if (pool == null || parts <= 1) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        int workers = Math.min(size, parts);
        List<Future<?>> others = new ArrayList<>(workers - 1);
        for (int t = 1; t < workers; t++) {
            int thread = t;
            others.add(pool.submit(() -> {
                for (int i = thread; i < parts; i += workers) {
                    part.accept(i);
                }
            }));
        }
        RuntimeException failure = null;
        try {
            for (int i = 0; i < parts; i += workers) {
                part.accept(i);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new IllegalStateException("interrupted while waiting for a part", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException ? (RuntimeException) cause
                            : new IllegalStateException("a part failed", cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the workers (daemons: forgetting this does not keep the JVM alive). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Override
    public String toString() {
        return size == 1 ? "1 thread" : size + " threads";
    }
}
