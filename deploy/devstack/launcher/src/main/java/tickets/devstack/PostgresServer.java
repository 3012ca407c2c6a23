package tickets.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL with logical decoding and one database per service. */
public class PostgresServer extends ProcessComponent {

    private final ProjectLayout layout;
    private final int port;
    private final Path dataDir;
    private final Path logDir;
    private final List<String> databases;

    public PostgresServer(ProjectLayout layout, int port, Path dataDir, Path logDir, List<String> databases) {
        this.layout = layout;
        this.port = port;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.databases = List.copyOf(databases);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void start() {
        List<String> args = new ArrayList<>(List.of(Integer.toString(port),
                layout.cacheDir().resolve("postgres-binaries").toString(), dataDir.toString()));
        args.addAll(databases);
        process = ServerProcess.startJava(name(), layout.serverClasspath("postgres"),
                "tickets.devstack.postgres.PostgresMain", List.of("-Xmx96m"), args, dataDir.getParent(),
                logDir.resolve("postgres.log"));
        process.awaitReadyLine(Duration.ofSeconds(120));
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String endpoint() {
        return "127.0.0.1:" + port + " (user postgres, databases " + String.join(", ", databases) + ")";
    }

    @Override
    public long residentMemoryMiB() {
        return process == null ? 0 : ProcessMemory.residentMiB(ProcessHandle.of(process.pid()).orElseThrow())
                + postmaster().map(ProcessMemory::residentMiB).orElse(0L);
    }

    /**
     * Stops PostgreSQL with a fast shutdown (SIGINT: clients are disconnected, the data is
     * checkpointed). SIGTERM would be a smart shutdown, which waits for every client to leave,
     * and connected services never do.
     */
    @Override
    public void close() {
        if (process != null) {
            // The postmaster is a daemon of pg_ctl, not a child: stop it ourselves, first.
            postmaster().ifPresent(PostgresServer::fastShutdown);
            process.close();
            postmaster().ifPresent(PostgresServer::fastShutdown);
            process = null;
        }
    }

    private static void fastShutdown(ProcessHandle postmaster) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
            postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            postmaster.destroyForcibly(); // a crash PostgreSQL recovers from at the next start
            postmaster.onExit().join();
        }
    }

    private java.util.Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return java.util.Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }
}
