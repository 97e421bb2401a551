package dev.vecgrad.spark;

import dev.vecgrad.study.RunPool;
import dev.vecgrad.study.cli.Studies;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The studies on Apache Spark: {@code case-study}, {@code grid}, {@code cnn}, {@code lstm},
 * {@code fashion} and {@code robustness}, with the demo's options, tables and files, their runs
 * trained as the tasks of a Spark job ({@link SparkRunPool}) instead of on this JVM's threads.
 * Everything but where the runs train is the study's own code, so the files are the demo's, bit
 * for bit apart from timings.
 *
 * <p>{@code --master} is Spark's: {@code local[*,4]} (the default) is every core of this machine
 * with a failed task tried up to 4 times, as a cluster does; {@code spark://host:7077} is a
 * standalone cluster. Under {@code spark-submit}, which sets the master itself, leave it out.
 */
@Command(name = "vecgrad-spark", mixinStandardHelpOptions = true, version = "vecgrad-spark 0.1.0",
        description = "The Gaussian-noise studies with their runs trained as tasks of an Apache Spark job."
                + " Options before the study are Spark's; the study's own follow it (--threads has no"
                + " effect here: the runs go to Spark's executors).")
public final class SparkSweep implements Callable<Integer>, AutoCloseable {

    /** Local mode on every core, a failed task tried up to 4 times (Spark's default on a cluster). */
    static final String DEFAULT_MASTER = "local[*,4]";
    /** The jar executors load vecgrad from (built beside vecgrad-spark.jar; the one for spark-submit). */
    static final String SUBMIT_JAR = "vecgrad-spark-submit.jar";

    @Option(names = "--master", description = "Spark master URL: local[N], local[N,tries], spark://host:port, ..."
            + " (default: " + DEFAULT_MASTER + ", or what spark-submit sets).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, as spark-submit's --conf.")
    Map<String, String> conf = new LinkedHashMap<>();

    private JavaSparkContext spark;
    private SparkRunPool pool;

    /** Only reached for {@code --help} and {@code --version}, or without a study. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line; exit code 0 on success, 2 for bad options, 1 for a failure. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        try (SparkSweep sweep = new SparkSweep()) {
            return Studies.execute(() -> {
                CommandLine cli = new CommandLine(sweep);
                Studies.addStudies(cli, threads -> sweep.pool());
                return cli;
            }, args, out, err);
        }
    }

    /** The pool every study of this command line trains on; Spark starts when the first asks. */
    synchronized RunPool pool() {
        if (pool == null) {
            spark = new JavaSparkContext(sparkConf());
            pool = new SparkRunPool(spark);
        }
        return pool;
    }

    /** The pool, once a study has started it (null before); for tests. */
    synchronized SparkRunPool startedPool() {
        return pool;
    }

    SparkConf sparkConf() {
        SparkConf sparkConf = new SparkConf().setAppName("vecgrad-spark");
        // No web UI: a sweep is a batch job, and its port would clash with other sweeps on the machine.
        sparkConf.setIfMissing("spark.ui.enabled", "false");
        if (master != null) {
            sparkConf.setMaster(master);
        } else {
            sparkConf.setIfMissing("spark.master", DEFAULT_MASTER);
        }
        conf.forEach(sparkConf::set);
        if (!sparkConf.get("spark.master").startsWith("local") && !sparkConf.contains("spark.jars")) {
            // Executors elsewhere need vecgrad's classes: the submit jar beside this one, when run from a jar.
            submitJar().ifPresent(jar -> sparkConf.set("spark.jars", jar.toString()));
        }
        return sparkConf;
    }

    /** {@code vecgrad-spark-submit.jar} in the folder of the jar this class was loaded from, if there is one. */
    static Optional<Path> submitJar() {
        try {
            Path self = Path.of(SparkSweep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = self.resolveSibling(SUBMIT_JAR);
            return Files.isRegularFile(self) && Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Stops Spark, if a study started it. */
    @Override
    public synchronized void close() {
        if (spark != null) {
            spark.close();
            spark = null;
            pool = null;
        }
    }
}
