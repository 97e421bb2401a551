package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broken hand-off hangs rather than fails, hence the time limit on every test. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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

    @Test
    void twoCallersOnOneTeamEachGetEveryPartRunOnce() throws Exception {
        try (Team team = new Team(2)) {
            int jobs = 2000;
            AtomicIntegerArray[] runs = {new AtomicIntegerArray(jobs * 3), new AtomicIntegerArray(jobs * 3)};
            Thread[] callers = new Thread[2];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int c = 0; c < 2; c++) {
                AtomicIntegerArray mine = runs[c];
                callers[c] = new Thread(() -> {
                    for (int j = 0; j < jobs; j++) {
                        int base = j * 3;
                        team.run(3, i -> mine.incrementAndGet(base + i));
                    }
                });
                callers[c].setUncaughtExceptionHandler((t, e) -> failure.set(e));
                callers[c].start();
            }
            for (Thread caller : callers) {
                caller.join(60_000);
                assertFalse(caller.isAlive(), "a caller is stuck");
            }
            assertNull(failure.get());
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < jobs * 3; i++) {
                    assertEquals(1, runs[c].get(i), "caller " + c + ", part " + i);
                }
            }
        }
    }

    @Test
    void aPartThatAsksItsOwnTeamForHelpRunsThoseInlineInsteadOfWaitingForever() {
        try (Team team = new Team(2)) {
            AtomicIntegerArray inner = new AtomicIntegerArray(4);
            team.run(2, outer -> team.run(2, i -> inner.incrementAndGet(outer * 2 + i)));
            for (int i = 0; i < 4; i++) {
                assertEquals(1, inner.get(i), "inner part " + i);
            }
        }
    }

    @Test
    void closingStopsTheWorkersAndLaterWorkRunsOnTheCaller() throws Exception {
        Team team = new Team(2);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        team.run(2, i -> threads.add(Thread.currentThread()));
        team.close();
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                t.join(10_000);
                assertFalse(t.isAlive(), "worker still alive after close");
            }
        }
        Thread caller = Thread.currentThread();
        List<Integer> order = new ArrayList<>();
        team.run(3, i -> {
            assertEquals(caller, Thread.currentThread());
            order.add(i);
        });
        assertEquals(List.of(0, 1, 2), order);
    }

    @Test
    void aWorkerThatWentToSleepIsWokenForTheNextJob() throws Exception {
        try (Team team = new Team(2)) {
            for (int round = 0; round < 3; round++) {
                Thread.sleep(Team.SPIN_NANOS / 1_000_000 + 20);       // past the spin: the worker parks
                Set<Thread> threads = ConcurrentHashMap.newKeySet();
                team.run(2, i -> threads.add(Thread.currentThread()));
                assertEquals(2, threads.size(), "round " + round);
            }
        }
    }
}
