package dev.vecgrad.spark;

import static dev.vecgrad.spark.StudyFiles.assertSameResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.study.cli.Studies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real standalone cluster on the loopback address: a Master and two Workers (one core each),
 * each a JVM of its own started from this test's class path, the Workers starting one executor
 * JVM each for the sweep. A small case study submitted to {@code spark://127.0.0.1:<port>} writes
 * what the in-process runner writes, its runs spread over both executors; then everything is
 * shut down.
 */
class StandaloneClusterTest {

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aSweepOnTwoWorkersGivesTheLocalRunnersResults() throws Exception {
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        Process masterProcess = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
        awaitLog(masterProcess, "master", "I have been elected leader", 60);
        Process worker1 = start("worker1", worker(master, 1));
        Process worker2 = start("worker2", worker(master, 2));
        awaitLog(worker1, "worker1", "Successfully registered with master", 60);
        awaitLog(worker2, "worker2", "Successfully registered with master", 60);

        String[] study = {"case-study", "--variants", "a,d", "--runs", "3", "--epochs", "50", "--quiet"};
        Path local = dir.resolve("local");
        assertEquals(0, Studies.execute(StudyFiles.with(study, "--out", local.toString()), quiet(), quiet()));

        Path cluster = dir.resolve("cluster");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        List<String> executors;
        try (SparkSweep sweep = new SparkSweep()) {
            sweep.master = master;
            // The driver on the loopback address too, and each executor given a whole core's worth of memory.
            sweep.conf.put("spark.driver.host", "127.0.0.1");
            sweep.conf.put("spark.executor.memory", "1g");
            // Start only when both executors are there, so that the runs are spread over both.
            sweep.conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
            exit = Studies.execute(() -> {
                CommandLine cli = new CommandLine(sweep);
                Studies.addStudies(cli, threads -> sweep.pool());
                return cli;
            }, StudyFiles.with(study, "--out", cluster.toString()), quiet(),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            executors = sweep.startedPool().executorsOfLastJob();
        }
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8) + logs());
        assertSameResults(local, cluster);
        assertEquals(2, executors.size(), "the runs trained on executors " + executors);
        assertTrue(!executors.contains("driver"), "the runs trained on executors " + executors);
    }

    @AfterEach
    void shutDown() throws InterruptedException {
        for (Process daemon : daemons) {
            // The Workers' executors first (their children), then the daemons themselves.
            daemon.descendants().forEach(ProcessHandle::destroy);
            daemon.destroy();
        }
        for (Process daemon : daemons) {
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.descendants().forEach(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private List<String> worker(String master, int n) throws IOException {
        return List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "2g",
                "--work-dir", Files.createDirectories(dir.resolve("work" + n)).toString(), "--webui-port",
                String.valueOf(freePort()), master);
    }

    /**
     * A daemon JVM: this JVM's java and its class path and module options. A Worker builds its
     * executors' class path from SPARK_HOME's jars (none here: an empty folder) and
     * SPARK_DIST_CLASSPATH (this class path), so the executors load the same classes.
     */
    private Process start(String name, List<String> mainAndArguments) throws IOException {
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars")).getParent();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens") || option.startsWith("--add-modules")) {
                command.add(option);
            }
        }
        command.add("-Xmx512m");
        // INFO, unlike the sweep's own configuration: the test waits for the daemons' INFO lines.
        Path logConfig = dir.resolve("log4j2-daemons.properties");
        Files.writeString(logConfig, "rootLogger.level = info\nrootLogger.appenderRef.out.ref = out\n"
                + "appender.out.type = Console\nappender.out.name = out\n"
                + "appender.out.layout.type = PatternLayout\nappender.out.layout.pattern = %p %c{1}: %m%n\n");
        command.add("-Dlog4j2.configurationFile=" + logConfig);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_DIST_CLASSPATH", System.getProperty("java.class.path"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        daemons.add(process);
        return process;
    }

    private void awaitLog(Process process, String name, String line, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Path log = dir.resolve(name + ".log");
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + logs());
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not say \"" + line + "\" within " + seconds + " s" + logs());
    }

    private String logs() {
        StringBuilder all = new StringBuilder();
        for (String name : List.of("master", "worker1", "worker2")) {
            Path log = dir.resolve(name + ".log");
            try {
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log);
                    all.append("\n--- ").append(name).append(".log (last 20 lines)\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
                }
            } catch (IOException e) {
                all.append("\n--- ").append(name).append(".log unreadable: ").append(e);
            }
        }
        return all.toString();
    }


    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
