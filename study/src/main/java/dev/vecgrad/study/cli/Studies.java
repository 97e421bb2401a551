package dev.vecgrad.study.cli;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.study.LocalRunPool;
import dev.vecgrad.study.RunPool;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The studies' command line, as the demo jar runs it. With no arguments, or with only options,
 * it runs the tutorial's case study ({@code case-study}); the subcommands run its extensions
 * and print the datasets. Another front end ({@code vecgrad-spark}) puts the same study
 * subcommands under its own top command with {@link #addStudies} and runs it with
 * {@link #execute(Supplier, String[], PrintStream, PrintStream)}.
 */
@Command(name = "vecgrad-demo", mixinStandardHelpOptions = true, version = "vecgrad-demo 0.1.0",
        description = "The Gaussian-noise regularization study of the Keras tutorial, on vecgrad.")
public final class Studies implements Callable<Integer> {

    /** Only reached for {@code --help} and {@code --version}, which picocli handles itself. */
    @Override
    public Integer call() {
        return 0;
    }

    /**
     * Adds the subcommands that train runs (case-study, grid, cnn, lstm, fashion, robustness) to
     * {@code cli}, each training its runs on the pools {@code pools} makes.
     */
    public static void addStudies(CommandLine cli, RunPool.Factory pools) {
        for (StudyCommand command : List.of(new CaseStudyCommand(), new GridCommand(), new CnnCommand(),
                new LstmCommand(), new FashionCommand(), new RobustnessCommand())) {
            command.runOn(pools);
            cli.addSubcommand(command);
        }
    }

    /** The demo's command line: the studies on this JVM's threads, and the two datasets. */
    static CommandLine demo() {
        CommandLine cli = new CommandLine(new Studies());
        addStudies(cli, LocalRunPool::new);
        cli.addSubcommand(new DatasetCommand.Circles());
        cli.addSubcommand(new DatasetCommand.Moons());
        return cli;
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

    /** The demo's command line, as the demo jar's {@code Main} runs it. */
    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the demo's command line and returns its exit code: 0 on success, 2 for bad options, 1 for a failure. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(Studies::demo, withDefaultCommand(args), out, err);
    }

    /**
     * Runs the command line {@code makeCommandLine} makes on {@code args} with the studies' conventions: charts drawn headless,
     * standard output and error sent to {@code out} and {@code err} meanwhile, and exit code 0
     * on success, 2 for bad options (an {@link IllegalArgumentException} from a value the
     * parser accepted counts as one), 1 for a failure, which is printed in one line after the
     * top command's name.
     */
    public static int execute(Supplier<CommandLine> makeCommandLine, String[] args, PrintStream out, PrintStream err) {
        // Charts are drawn off-screen; no display is needed or touched.
        System.setProperty("java.awt.headless", "true");
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        System.setOut(out);
        System.setErr(err);
        try {
            CommandLine cli = makeCommandLine.get();
            cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            String name = cli.getCommandName();
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                commandLine.getErr().println(name + ": " + (e.getMessage() == null ? e : e.getMessage()));
                if (e instanceof IllegalArgumentException) {
                    // A value the option parser accepted but the study cannot use: a bad option too.
                    commandLine.usage(commandLine.getErr());
                    return 2;
                }
                return 1;
            });
            return cli.execute(args);
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }
}
