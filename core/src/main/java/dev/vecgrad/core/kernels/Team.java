package dev.vecgrad.core.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads, the caller's included, that run the independent parts of one
 * piece of work and return when all are done: how a batch's convolutions, poolings, noise and
 * dense layers are split over a model's threads.
 *
 * <p>A part must not depend on the others or on the order they run in; then the result is the
 * same bits whatever the team's size, which is what the callers promise. A team of one runs
 * the parts in order on the caller's thread and starts no thread. So does a team that is
 * already busy (another thread's work, or a part that asks its own team for help): the parts
 * then run in order on the caller's thread, with the same result, rather than wait.
 *
 * <p>Between jobs the workers spin for {@link #SPIN_NANOS} before they park, and so does a
 * caller waiting for them. A thread pool's hand-off (park, then be woken) cost 70-100 us a job
 * on this project's 2-vCPU VM once the other vCPU had gone idle, which is as long as half a
 * batch's first convolution; a CNN training step has about a dozen split points. OpenMP
 * runtimes spin for the same reason.
 */
public final class Team implements AutoCloseable {

    /** The team of one: no threads of its own. */
    public static final Team SOLO = new Team(1);

    /** How long an idle worker, or a waiting caller, spins before parking: a few split points' worth of serial work. */
    static final long SPIN_NANOS = 500_000;

    private final int size;
    private final Thread[] workers;
    /** Set while a caller's job is on the team (not reentrant: a part asking for help is refused). */
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The latest job; a worker reads it once per job, so it never mixes two jobs' fields. */
    private volatile Job current = new Job(0, null, 0, 0, null);
    private volatile boolean closed;
    /** Workers still running the current job; the last one wakes the caller. */
    private final AtomicInteger running = new AtomicInteger();
    /** The first failure of a worker in the current job. */
    private final AtomicReference<Throwable> workerFailure = new AtomicReference<>();

    /** Job number {@code generation}: parts {@code [0, parts)} over the first {@code threads} threads. */
    private record Job(long generation, IntConsumer part, int parts, int threads, Thread caller) {

        /** Thread {@code thread}'s parts: {@code thread}, {@code thread + threads}, ... */
        void runShare(int thread) {
            for (int i = thread; i < parts; i += threads) {
                part.accept(i);
            }
        }
    }

    /** A team of {@code size} threads: the caller and {@code size - 1} daemon workers. */
    public Team(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a team needs at least 1 thread, got " + size);
        }
        this.size = size;
        this.workers = new Thread[size - 1];
        for (int w = 0; w < workers.length; w++) {
            int thread = w + 1;
            workers[w] = new Thread(() -> work(thread), "vecgrad-team-" + thread);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    public int size() {
        return size;
    }

    /**
     * Runs {@code part.accept(i)} for every i in {@code [0, parts)}: part i on thread
     * {@code i % size}, the caller taking thread 0's. A failure stops the parts left on its
     * thread; once all threads have stopped, the caller's failure, else a worker's, is
     * rethrown.
     */
    public void run(int parts, IntConsumer part) {
        if (parts < 0) {
            throw new IllegalArgumentException("parts must be >= 0, got " + parts);
        }
        if (size == 1 || parts <= 1 || closed || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        try {
            runOnTeam(parts, part);
        } finally {
            busy.set(false);
        }
    }

    private void runOnTeam(int parts, IntConsumer part) {
        int threads = Math.min(size, parts);
        Job job = new Job(current.generation() + 1, part, parts, threads, Thread.currentThread());
        workerFailure.set(null);
        running.set(threads - 1);
        current = job;                                 // publishes the job
        for (int w = 0; w < threads - 1; w++) {
            LockSupport.unpark(workers[w]);            // a no-op unless it had parked
        }
        RuntimeException failure = null;
        try {
            job.runShare(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        awaitWorkers();
        if (failure != null) {
            throw failure;
        }
        Throwable other = workerFailure.get();
        if (other instanceof RuntimeException) {
            throw (RuntimeException) other;
        }
        if (other instanceof Error) {
            throw (Error) other;
        }
        if (other != null) {
            throw new IllegalStateException("a part failed", other);
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (running.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** A worker's life: wait for a new job, run its share if it has one, report; until closed. */
    private void work(int thread) {
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            Job job;
            while ((job = current).generation() == seen) {
                if (closed) {
                    return;                            // only once no job is left undone
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = job.generation();
            if (thread >= job.threads()) {
                continue;                              // fewer parts than threads: not in this job
            }
            try {
                job.runShare(thread);
            } catch (Throwable t) {
                workerFailure.compareAndSet(null, t);
            }
            if (running.decrementAndGet() == 0) {
                LockSupport.unpark(job.caller());
            }
        }
    }

    /** Stops the workers (daemons: forgetting this does not keep the JVM alive). */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    @Override
    public String toString() {
        return size == 1 ? "1 thread" : size + " threads";
    }
}
