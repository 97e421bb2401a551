package dev.vecgrad.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecgrad.study.RunPool.RunId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunPoolTest {

    @Test
    void runsStartRunZeroOfEveryJobFirst() {
        assertEquals(List.of(new RunId(0, 0), new RunId(1, 0), new RunId(2, 0), new RunId(0, 1), new RunId(2, 1),
                new RunId(0, 2)), RunPool.inStartOrder(new int[] {3, 1, 2}));
        assertEquals(List.of(), RunPool.inStartOrder(new int[] {0, 0}));
    }

    @Test
    void theLocalPoolGivesResultsJobByJobRunByRunAndCountsEveryRun() {
        AtomicInteger done = new AtomicInteger();
        List<List<String>> results = new LocalRunPool(3).run(new int[] {2, 0, 3},
                (job, index) -> job + "/" + index, done::addAndGet);
        assertEquals(List.of(List.of("0/0", "0/1"), List.of(), List.of("2/0", "2/1", "2/2")), results);
        assertEquals(5, done.get());
    }

    @Test
    void theLocalPoolRethrowsTheFirstFailure() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LocalRunPool(2).run(
                new int[] {2, 2}, (job, index) -> {
                    if (job == 1 && index == 1) {
                        throw new IllegalStateException("planted");
                    }
                    return index;
                }, n -> { }));
        assertEquals("planted", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalRunPool(0));
    }
}
