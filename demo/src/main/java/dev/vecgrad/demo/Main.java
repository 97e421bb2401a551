package dev.vecgrad.demo;

import dev.vecgrad.core.kernels.KernelProvider;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The demo's command line. With no arguments, or with only options, it runs the tutorial's
 * case study ({@code case-study}); the subcommands run its extensions and print the datasets.
 */
@Command(name = "vecgrad-demo", mixinStandardHelpOptions = true, version = "vecgrad-demo 0.1.0",
        description = "The Gaussian-noise regularization study of the Keras tutorial, on vecgrad.",
        subcommands = {CaseStudyCommand.class, GridCommand.class, CnnCommand.class, LstmCommand.class, FashionCommand.class,
            RobustnessCommand.class, DatasetCommand.Circles.class, DatasetCommand.Moons.class})
public final class Main implements Callable<Integer> {

    /** Only reached for {@code --help} and {@code --version}, which picocli handles itself. */
    @Override
    public Integer call() {
        return 0;
    }

    /** No subcommand named: the arguments are the case study's. */
    static String[] withDefaultCommand(String[] args) {
        boolean topLevelOnly = args.length == 1 && List.of("-h", "--help", "-V", "--version").contains(args[0]);
        if (topLevelOnly || (args.length > 0 && !args[0].startsWith("-"))) {
            return args;
        }
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "case-study";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        return withCommand;
    }

    /**
     * Prints which kernels run, and on scalar why and how to turn SIMD on, in one line on
     * standard error. The library only logs its choice; showing it is the application's call.
     */
    static void announceKernels() {
        System.err.println(KernelProvider.choice().line());
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line and returns its exit code: 0 on success, 2 for bad options, 1 for a failure. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        // Charts are drawn off-screen; no display is needed or touched.
        System.setProperty("java.awt.headless", "true");
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        System.setOut(out);
        System.setErr(err);
        try {
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                commandLine.getErr().println("vecgrad-demo: " + (e.getMessage() == null ? e : e.getMessage()));
                if (e instanceof IllegalArgumentException) {
                    // A value the option parser accepted but the study cannot use: a bad option too.
                    commandLine.usage(commandLine.getErr());
                    return 2;
                }
                return 1;
            });
            return cli.execute(withDefaultCommand(args));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }
}
