package dev.vecgrad.spark;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.study.RunPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A study's runs as one Spark job: one task per run, so that Spark spreads them over the
 * executors' cores, retries a task that fails, and reports each one done. The runs' ids (job,
 * run) are the Spark job's data; the study's {@link RunPool.Task}, with the data and model recipes it
 * captures, is its function, serialized once per stage and fetched once per executor.
 *
 * <p>A run is a pure function of its spec, so its result does not depend on the executor that
 * trained it, provided every executor uses the driver's kernels (SIMD and scalar agree only to
 * rounding): each task reports the kernels it used, and a run trained on others is an error
 * that says how to start the executors.
 */
final class SparkRunPool implements RunPool {

    private final JavaSparkContext spark;
    private final String kernels = KernelProvider.get().name();
    private final List<String> executorsOfLastJob = new ArrayList<>();

    SparkRunPool(JavaSparkContext spark) {
        this.spark = spark;
    }

    /** A task's result: the run, where it trained and on which kernels. */
    record Done<R>(RunId run, String executor, String kernels, R result) implements Serializable {
    }

    @Override
    public <R extends Serializable> List<List<R>> run(int[] runsPerJob, Task<R> task, IntConsumer onRunDone) {
        // Tasks start in partition order, so each executor's JIT sees every job's layers early.
        List<RunId> order = RunPool.inStartOrder(runsPerJob);
        if (order.isEmpty()) {
            return emptyResults(runsPerJob.length);
        }
        Progress progress = new Progress(order.size(), onRunDone);
        spark.sc().addSparkListener(progress);
        List<Done<R>> done;
        try {
            done = spark.parallelize(order, order.size()).map(run -> train(task, run)).collect();
        } catch (Exception e) {                                 // SparkException is checked in Java's eyes
            throw new IllegalStateException("the Spark job failed: " + firstLine(e), e);
        } finally {
            spark.sc().removeSparkListener(progress);
        }
        progress.finish();
        return gather(runsPerJob, done);
    }

    /** The executors the last job's runs trained on (for tests: a cluster's runs are spread). */
    List<String> executorsOfLastJob() {
        return List.copyOf(executorsOfLastJob);
    }

    /** On the executor: one run, or an exception that names it. */
    private static <R extends Serializable> Done<R> train(Task<R> task, RunId run) {
        String executor = SparkEnv.get().executorId();
        try {
            return new Done<>(run, executor, KernelProvider.get().name(), task.run(run.job(), run.index()));
        } catch (RuntimeException | Error e) {
            throw new RunFailedException(run + " failed on executor " + executor + ": " + e, e);
        }
    }

    private <R> List<List<R>> gather(int[] runsPerJob, List<Done<R>> done) {
        List<List<R>> results = new ArrayList<>();
        for (int runs : runsPerJob) {
            List<R> slots = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                slots.add(null);
            }
            results.add(slots);
        }
        TreeSet<String> executors = new TreeSet<>();
        for (Done<R> d : done) {
            if (!d.kernels().equals(kernels)) {
                throw new IllegalStateException(d.run() + " trained with the " + d.kernels() + " kernels on executor "
                        + d.executor() + ", this driver uses " + kernels + ": results would differ in rounding. Start"
                        + " the executors with --add-modules jdk.incubator.vector (or all with -Dvecgrad.kernels="
                        + kernels + ") in spark.executor.extraJavaOptions");
            }
            results.get(d.run().job()).set(d.run().index(), d.result());
            executors.add(d.executor());
        }
        executorsOfLastJob.clear();
        executorsOfLastJob.addAll(executors);
        return results;
    }

    private static <R> List<List<R>> emptyResults(int jobs) {
        List<List<R>> results = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            results.add(new ArrayList<>());
        }
        return results;
    }

    /**
     * Spark's message for a failed job, first line: it names the task, how often it was tried,
     * and the run's own {@link RunFailedException} message (which run, where, what); with the
     * innermost cause when that line does not hold it.
     */
    private static String firstLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        int end = message.indexOf('\n');
        String first = end < 0 ? message : message.substring(0, end);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // "Task not serializable" and the like say what, not where: the innermost cause does.
        return root == e || first.contains(String.valueOf(root.getMessage())) ? first : first + " (" + root + ")";
    }

    /**
     * Counts the job's successful tasks for the study's progress bar. Spark's listener bus is
     * asynchronous, so {@link #finish} makes up for events still on their way when the job has
     * returned: every run is counted exactly once.
     */
    private static final class Progress extends SparkListener {

        private final int total;
        private final IntConsumer onRunDone;
        private final AtomicInteger counted = new AtomicInteger();

        Progress(int total, IntConsumer onRunDone) {
            this.total = total;
            this.onRunDone = onRunDone;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            if (taskEnd.taskInfo().successful() && counted.incrementAndGet() <= total) {
                onRunDone.accept(1);
            }
        }

        void finish() {
            int before = counted.getAndSet(Integer.MAX_VALUE / 2);
            if (before < total) {
                onRunDone.accept(total - before);
            }
        }
    }
}
