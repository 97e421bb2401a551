package dev.vecgrad.demo;

import dev.vecgrad.study.cli.Studies;

/**
 * The demo jar's entry point: the studies' command line ({@link Studies}), run on this JVM's
 * threads. {@code java -jar vecgrad-demo.jar --help} lists the subcommands.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Studies.main(args);
    }
}
