package dev.vecgrad.study.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelWritesTest {

    @TempDir
    Path dir;

    @Test
    void everyWriteHasHappenedWhenAwaitAllReturns() throws IOException {
        try (ParallelWrites writes = new ParallelWrites(3)) {
            for (int i = 0; i < 20; i++) {
                Path file = dir.resolve("f" + i + ".txt");
                String text = "file " + i;
                writes.add(() -> Files.writeString(file, text));
            }
            writes.awaitAll();
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("file " + i, Files.readString(dir.resolve("f" + i + ".txt")));
        }
    }

    @Test
    void writesRunSideBySide() throws IOException {
        // Two writes that each wait for the other: they finish only if both run at once.
        CountDownLatch both = new CountDownLatch(2);
        ConcurrentHashMap<String, Boolean> met = new ConcurrentHashMap<>();
        try (ParallelWrites writes = new ParallelWrites(2)) {
            for (String name : new String[] {"x", "y"}) {
                writes.add(() -> {
                    both.countDown();
                    try {
                        met.put(name, both.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                });
            }
            writes.awaitAll();
        }
        assertEquals(Boolean.TRUE, met.get("x"));
        assertEquals(Boolean.TRUE, met.get("y"));
    }

    @Test
    void theFirstFailureIsThrownAsItselfAfterTheOthersHaveEnded() throws IOException {
        IOException first = new IOException("disk full: a.png");
        Path later = dir.resolve("later.txt");
        try (ParallelWrites writes = new ParallelWrites(2)) {
            writes.add(() -> {
                throw first;
            });
            writes.add(() -> {
                throw new IOException("second failure");
            });
            writes.add(() -> Files.writeString(later, "written"));
            IOException thrown = assertThrows(IOException.class, writes::awaitAll);
            assertSame(first, thrown);
        }
        assertEquals("written", Files.readString(later));
    }

    @Test
    void aRuntimeFailureIsRethrown() {
        try (ParallelWrites writes = new ParallelWrites(2)) {
            IllegalStateException bug = new IllegalStateException("chart without data");
            writes.add(() -> {
                throw bug;
            });
            assertSame(bug, assertThrows(IllegalStateException.class, writes::awaitAll));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void oneThreadWritesEachFileAsItIsAdded() throws IOException {
        Path file = dir.resolve("now.txt");
        try (ParallelWrites writes = new ParallelWrites(1)) {
            writes.add(() -> Files.writeString(file, "now"));
            assertTrue(Files.exists(file), "written before awaitAll");
            IOException failure = new IOException("unreadable");
            assertSame(failure, assertThrows(IOException.class, () -> writes.add(() -> {
                throw failure;
            })));
        }
    }

    @Test
    void fewerThanOneThreadIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ParallelWrites(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
