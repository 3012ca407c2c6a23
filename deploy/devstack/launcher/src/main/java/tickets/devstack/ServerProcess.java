package tickets.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One server running as a child process. Its output goes to a log file; its standard input stays
 * open while this process lives, which is how a server notices that its launcher is gone.
 */
public final class ServerProcess implements AutoCloseable {

    /** The line a devstack server prints once it can take work. */
    public static final String READY_MARKER = "DEVSTACK-READY";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final CompletableFuture<Void> readyLine = new CompletableFuture<>();

    private ServerProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        Thread pump = new Thread(this::pumpOutput, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    public static ServerProcess start(String name, List<String> command, Map<String, String> environment,
                                      Path workingDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(workingDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            return new ServerProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** A JVM server from a devstack module: same Java as this process, its own classpath. */
    public static ServerProcess startJava(String name, String classpath, String mainClass, List<String> jvmOptions,
                                          List<String> args, Path workingDir, Path logFile) {
        return startJava(name, classpath, mainClass, jvmOptions, args, workingDir, logFile, Map.of());
    }

    /** {@link #startJava} with environment variables (a server's settings). */
    public static ServerProcess startJava(String name, String classpath, String mainClass, List<String> jvmOptions,
                                          List<String> args, Path workingDir, Path logFile,
                                          Map<String, String> environment) {
        List<String> command = new java.util.ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return start(name, command, environment, workingDir, logFile);
    }

    /**
     * A native server (a shell script or another JVM's launcher) wrapped so that it, too, stops
     * when its standard input closes: the wrapper waits on input, then stops the server.
     */
    public static ServerProcess startWatched(String name, List<String> command, Map<String, String> environment,
                                             Path workingDir, Path logFile) {
        String quoted = command.stream().map(ServerProcess::shellQuote).collect(java.util.stream.Collectors.joining(" "));
        // The server ends when its input closes (the launcher is gone) or by itself; either way the wrapper ends too.
        // (A background job's input is /dev/null unless redirected, hence the copy of stdin on fd 3.)
        String script = "exec 3<&0; " + quoted + " </dev/null & server=$!; "
                + "(cat <&3 >/dev/null; kill $server 2>/dev/null) & watcher=$!; "
                + "trap 'kill $server 2>/dev/null' TERM INT; "
                + "wait $server; code=$?; wait $server 2>/dev/null; kill $watcher 2>/dev/null; exit $code";
        return start(name, List.of("bash", "-c", script), environment, workingDir, logFile);
    }

    private static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the server at once (SIGKILL, as a crash would): no shutdown hook, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        waitFor(process.toHandle(), Duration.ofSeconds(30));
    }

    /** Waits for the server's ready line. */
    public void awaitReadyLine(Duration timeout) {
        try {
            CompletableFuture.anyOf(readyLine, process.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failure("did not become ready within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while starting");
        } catch (ExecutionException e) {
            throw failure("failed: " + e.getCause());
        }
        if (!readyLine.isDone()) {
            throw failure("exited with code " + process.exitValue() + " before it was ready");
        }
    }

    /** Polls {@code check} until it holds, failing early if the process dies. */
    public void awaitReady(BooleanSupplier check, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue() + " before it was ready");
            }
            if (check.getAsBoolean()) {
                return;
            }
            sleep(250);
        }
        throw failure("did not become ready within " + timeout.toSeconds() + " s");
    }

    /** Asks the server to stop (end of its input), then insists. Also ends its child processes. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        if (!waitFor(process.toHandle(), Duration.ofSeconds(30))) {
            process.destroy();
            if (!waitFor(process.toHandle(), Duration.ofSeconds(10))) {
                process.destroyForcibly();
                waitFor(process.toHandle(), Duration.ofSeconds(10));
            }
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                if (!waitFor(child, Duration.ofSeconds(10))) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }

    private void pumpOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = out.readLine()) != null) {
                log.println(line);
                if (line.startsWith(READY_MARKER)) {
                    readyLine.complete(null);
                }
            }
        } catch (IOException e) {
            readyLine.completeExceptionally(e);
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(name + " " + what + "; its log: " + logFile + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
