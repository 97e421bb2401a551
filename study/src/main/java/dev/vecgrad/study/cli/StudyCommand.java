package dev.vecgrad.study.cli;

import dev.vecgrad.study.RunPool;
import java.util.concurrent.Callable;

/**
 * A subcommand that trains runs. They train on its {@code --threads} threads in this JVM unless
 * a front end sends them elsewhere first ({@code vecgrad-spark} sends them to a Spark job);
 * everything else (options, tables, files) stays the command's own, whoever runs it.
 */
interface StudyCommand extends Callable<Integer> {

    /** Trains the runs on the pools {@code pools} makes instead. */
    void runOn(RunPool.Factory pools);
}
