package dev.vecgrad.study.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A progress bar for multi-run work, on standard error, drawn only when that is a terminal. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final int total;
    private final boolean enabled;
    private final AtomicInteger done = new AtomicInteger();
    private final long start = System.nanoTime();

    ProgressBar(PrintStream err, int total, boolean quiet) {
        this.err = err;
        this.total = total;
        this.enabled = !quiet && total > 1 && isTerminal();
        draw(0);
    }

    /** Whether the JVM runs in an interactive terminal (on JDK 22+ a Console exists even when redirected). */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;                                       // before JDK 22 a Console means a terminal
        }
    }

    void step(int count) {
        draw(done.addAndGet(count));
    }

    private synchronized void draw(int finished) {
        if (!enabled) {
            return;
        }
        int filled = finished * WIDTH / total;
        double seconds = (System.nanoTime() - start) / 1e9;
        err.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d runs, %.1f s", "#".repeat(filled),
                " ".repeat(WIDTH - filled), finished, total, seconds));
        if (finished == total) {
            err.println();
        }
        err.flush();
    }
}
