package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class TeamTest {

    @Test
    void everyPartRunsExactlyOnceWhateverTheSize() {
        for (int size = 1; size <= 4; size++) {
            try (Team team = new Team(size)) {
                for (int parts = 0; parts <= 9; parts++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(parts, 1));
                    team.run(parts, runs::incrementAndGet);
                    for (int i = 0; i < parts; i++) {
                        assertEquals(1, runs.get(i), "size " + size + ", " + parts + " parts: part " + i);
                    }
                }
            }
        }
    }

    @Test
    void aTeamOfTwoUsesTwoThreadsTheCallersIncluded() {
        try (Team team = new Team(2)) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            team.run(2, i -> threads.add(Thread.currentThread()));
            assertEquals(2, threads.size());
            assertTrue(threads.contains(Thread.currentThread()));
        }
    }

    @Test
    void theTeamOfOneRunsThePartsInOrderOnTheCaller() {
        List<Integer> order = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Team.SOLO.run(5, i -> {
            assertEquals(caller, Thread.currentThread());
            order.add(i);
        });
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void aFailingPartIsRethrownAfterTheOthersStopped() {
        try (Team team = new Team(3)) {
            AtomicIntegerArray done = new AtomicIntegerArray(6);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.run(6, i -> {
                if (i == 4) {
                    throw new IllegalStateException("part 4 failed");
                }
                done.incrementAndGet(i);
            }));
            assertEquals("part 4 failed", e.getMessage());
            for (int i : new int[] {0, 2, 3, 5}) {
                assertEquals(1, done.get(i), "part " + i);
            }
        }
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Team(0));
        assertThrows(IllegalArgumentException.class, () -> Team.SOLO.run(-1, i -> { }));
    }
}
