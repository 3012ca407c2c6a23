package tickets.devstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Stops the PostgreSQL postmaster of a data directory, found by its {@code postmaster.pid}: pg_ctl daemonises the
 * postmaster, so it is no process's child here (and one left by a killed supervisor is an orphan), and only its
 * pid is known.
 *
 * <p>Never SIGTERM: that is PostgreSQL's smart shutdown, which waits for every client to disconnect, and the
 * services stay connected. First a fast shutdown (SIGINT: clients are disconnected, a checkpoint is written); if
 * that has not ended it in time, an immediate shutdown (SIGQUIT: no checkpoint, the next start recovers from the
 * WAL); SIGKILL only as the last resort (the same recovery). Either way it returns once the postmaster and every
 * process it had started are gone (a new postmaster refuses to start while an old backend still holds the shared
 * memory) and its lock files allow a new one to start.
 */
public final class Postmaster {

    /** How long a fast shutdown may take (its checkpoint) before the immediate one. */
    public static final Duration FAST_SHUTDOWN = Duration.ofSeconds(20);
    /** How long an immediate shutdown may take before SIGKILL. */
    public static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(10);

    private static final Duration AFTER_KILL = Duration.ofSeconds(30);

    private Postmaster() {
    }

    /** The live postmaster its {@code postmaster.pid} names, if that process is still a PostgreSQL one. */
    public static Optional<ProcessHandle> of(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty(); // being written, or torn by a crash: nothing to signal
            }
            long pid = Long.parseLong(lines.get(0).trim());
            // a pid from before a reboot may name another program by now
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Postmaster::isPostgres);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@link #stop(Path, Duration, Duration, Consumer)} with the default timeouts. */
    public static void stop(Path dataDir, Consumer<String> log) {
        stop(dataDir, FAST_SHUTDOWN, IMMEDIATE_SHUTDOWN, log);
    }

    /**
     * Stops the data directory's postmaster, if one runs: fast, then immediate after {@code fast}, then SIGKILL after
     * {@code immediate}; returns once it and its children are gone. {@code log} hears what was done beyond the fast
     * shutdown. Throws if even SIGKILL did not end it.
     */
    public static void stop(Path dataDir, Duration fast, Duration immediate, Consumer<String> log) {
        Optional<ProcessHandle> found = of(dataDir);
        if (found.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = found.get();
        List<Path> lockFiles = lockFiles(dataDir);
        // its backends, checkpointer, walsenders: after a SIGKILL they outlive it for a moment
        Set<ProcessHandle> children = new HashSet<>(postmaster.descendants().toList());
        boolean gone = signal(postmaster, "INT") && waitFor(postmaster, fast);
        if (!gone) {
            log.accept("PostgreSQL (pid " + postmaster.pid() + ") did not finish a fast shutdown within "
                    + fast.toSeconds() + " s; immediate shutdown (SIGQUIT, the next start recovers from the WAL)");
            gone = signal(postmaster, "QUIT") && waitFor(postmaster, immediate);
        }
        if (!gone) {
            log.accept("PostgreSQL (pid " + postmaster.pid() + ") did not finish an immediate shutdown within "
                    + immediate.toSeconds() + " s; killing it (SIGKILL, the next start recovers from the WAL)");
            children.addAll(postmaster.descendants().toList());
            postmaster.destroyForcibly();
            if (!waitFor(postmaster, AFTER_KILL)) {
                throw new IllegalStateException("PostgreSQL (pid " + postmaster.pid() + ") survived SIGKILL");
            }
        }
        for (ProcessHandle child : children) {
            // a backend notices its postmaster's death by itself; one that does not is killed
            if (!waitFor(child, immediate)) {
                log.accept("killing PostgreSQL process " + child.pid() + " left behind by its postmaster");
                child.destroyForcibly();
                waitFor(child, AFTER_KILL);
            }
        }
        // A shut-down postmaster removes its lock files; a killed one leaves them, naming its pid, which a new
        // postmaster takes for a running server while that pid is not reaped yet (a zombie): gone, and every process
        // it had is gone too, so they go.
        for (Path lockFile : lockFiles) {
            try {
                List<String> lines = Files.exists(lockFile) ? Files.readAllLines(lockFile) : List.of();
                if (!lines.isEmpty() && lines.get(0).trim().equals(Long.toString(postmaster.pid()))) {
                    Files.deleteIfExists(lockFile);
                }
            } catch (IOException e) {
                log.accept("could not remove the stale lock file " + lockFile + ": " + e);
            }
        }
    }

    /**
     * The postmaster's lock files: {@code postmaster.pid} and its Unix socket's, which postmaster.pid names (line 4
     * the port, line 5 the socket directory).
     */
    private static List<Path> lockFiles(Path dataDir) {
        List<Path> lockFiles = new ArrayList<>(List.of(dataDir.resolve("postmaster.pid")));
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (lines.size() >= 5 && !lines.get(3).isBlank() && !lines.get(4).isBlank()) {
                lockFiles.add(Path.of(lines.get(4).trim()).resolve(".s.PGSQL." + lines.get(3).trim() + ".lock"));
            }
        } catch (IOException | RuntimeException e) {
            // no socket lock to name: nothing more to clear
        }
        return lockFiles;
    }

    private static boolean isPostgres(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.command().or(info::commandLine).map(command -> command.contains("postgres")).orElse(false);
    }

    /** Sends a signal by name; false if it could not be sent (the process is gone already, say). */
    private static boolean signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor() == 0 || !process.isAlive();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the process has ended; a zombie (ended, but not reaped by its parent yet) has. */
    private static boolean waitFor(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended(process)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                process.onExit().get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // still there, or it cannot be watched: look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ended(process);
            }
        }
        return true;
    }

    /**
     * Whether the process has ended: gone, or a zombie its parent has not reaped yet (an orphaned postmaster's
     * parent is init, which may take its time; Java counts a zombie as alive).
     */
    public static boolean ended(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            // /proc/<pid>/stat: "pid (command) state ..."; the command may itself contain ") "
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return !process.isAlive();
        }
    }
}
