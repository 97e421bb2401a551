package dev.vecgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.study.RunPool;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool on local[2,2]: two cores, a failed task tried twice. */
class SparkRunPoolTest {

    private static JavaSparkContext spark;
    private static SparkRunPool pool;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("SparkRunPoolTest")
                .set("spark.ui.enabled", "false"));
        pool = new SparkRunPool(spark);
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Test
    void resultsComeBackJobByJobRunByRunAndEveryRunIsCountedOnce() {
        int[] runs = {3, 1, 4};
        AtomicInteger reported = new AtomicInteger();
        RunPool.Task<String> task = (job, index) -> job + "/" + index;
        List<List<String>> results = pool.run(runs, task, reported::addAndGet);
        assertEquals(List.of(List.of("0/0", "0/1", "0/2"), List.of("1/0"), List.of("2/0", "2/1", "2/2", "2/3")),
                results);
        assertEquals(8, reported.get());
        assertEquals(List.of("driver"), pool.executorsOfLastJob());
    }

    @Test
    void noRunsIsNoJob() {
        assertEquals(List.of(List.of(), List.of()), pool.run(new int[] {0, 0}, (job, index) -> "x", n -> {
            throw new AssertionError("no run to report");
        }));
    }

    @Test
    void aTaskThatFailsOnceIsTriedAgain() {
        RunPool.Task<Integer> flaky = (job, index) -> {
            if (job == 1 && index == 0 && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("the first attempt fails");
            }
            return 10 * job + index;
        };
        assertEquals(List.of(List.of(0, 1), List.of(10, 11)), pool.run(new int[] {2, 2}, flaky, n -> { }));
    }

    @Test
    void aRunThatKeepsFailingEndsTheJobWithItsSpecAndItsError() {
        RunPool.Task<Integer> broken = (job, index) -> {
            if (job == 0 && index == 1) {
                throw new IllegalArgumentException("planted failure");
            }
            return index;
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> pool.run(new int[] {2, 1}, broken, n -> { }));
        assertTrue(e.getMessage().contains("run 1 of job 0 failed on executor driver"), e.getMessage());
        assertTrue(e.getMessage().contains("planted failure"), e.getMessage());
        assertTrue(e.getMessage().contains("failed 2 times"), e.getMessage());
    }
}
