package dev.vecgrad.study;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Where a study's runs are trained: on threads in this JVM ({@link LocalRunPool}), or as tasks
 * of a Spark job ({@code vecgrad-spark}). A study hands over one {@link Task} and how many runs
 * each of its jobs has; the pool trains every (job, run) pair and gives the results back job by
 * job, run by run. Since a run is a pure function of (job, run), where and in which order it
 * trains changes nothing in its result.
 */
public interface RunPool {

    /**
     * One run, job {@code job}'s number {@code index}. Serializable, with whatever it captures
     * (the data, the model recipes, the settings), because a pool may train it in another JVM.
     */
    @FunctionalInterface
    interface Task<R extends Serializable> extends Serializable {
        R run(int job, int index);
    }

    /** Run {@code index} of job {@code job}. */
    record RunId(int job, int index) implements Serializable {
        @Override
        public String toString() {
            return "run " + index + " of job " + job;
        }
    }

    /**
     * Every run, in the order a pool should start them: run 0 of every job, then run 1 of every
     * job, and so on. The JIT then sees every job's layers and ops in its first profiles and
     * compiles the training loop once for all of them; job after job, each new job's types
     * threw the compiled loop away (about two seconds of recompiling in a cold default study).
     */
    static List<RunId> inStartOrder(int[] runsPerJob) {
        int most = 0;
        for (int runs : runsPerJob) {
            most = Math.max(most, runs);
        }
        List<RunId> order = new ArrayList<>();
        for (int i = 0; i < most; i++) {
            for (int j = 0; j < runsPerJob.length; j++) {
                if (i < runsPerJob[j]) {
                    order.add(new RunId(j, i));
                }
            }
        }
        return order;
    }

    /** Makes the pool a study trains on, from its {@code --threads} (runs trained at once here). */
    @FunctionalInterface
    interface Factory {
        RunPool create(int threads);
    }

    /**
     * {@code runsPerJob[j]} runs of each job j; {@code onRunDone} is called in this JVM after each
     * run has finished. The first run to fail ends the whole with an exception naming it.
     */
    <R extends Serializable> List<List<R>> run(int[] runsPerJob, Task<R> task, IntConsumer onRunDone);
}
