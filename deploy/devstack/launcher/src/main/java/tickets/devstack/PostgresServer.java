package tickets.devstack;

import tickets.devstack.process.Postmaster;

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
        // zonky's embedded PostgreSQL leaves a script in the temporary directory at every start (LinuxUtils'
        // detect_linux_distribution_*.sh): its own directory beside the data, emptied here, instead of /tmp
        Path temporary = dataDir.resolveSibling("postgres-tmp");
        try {
            if (Files.isDirectory(temporary)) {
                try (var leftovers = Files.list(temporary)) {
                    for (Path leftover : leftovers.filter(Files::isRegularFile).toList()) {
                        Files.deleteIfExists(leftover);
                    }
                }
            }
            Files.createDirectories(temporary);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        process = ServerProcess.startJava(name(), layout.serverClasspath("postgres"),
                "tickets.devstack.postgres.PostgresMain", List.of("-Xmx96m", "-Djava.io.tmpdir=" + temporary), args,
                dataDir.getParent(), logDir.resolve("postgres.log"));
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
     * Stops PostgreSQL with a fast shutdown (SIGINT: clients are disconnected, the data is checkpointed), then
     * harder if that does not end it ({@link Postmaster}). SIGTERM would be a smart shutdown, which waits for every
     * client to leave, and connected services never do.
     */
    @Override
    public void close() {
        if (process != null) {
            // The postmaster is a daemon of pg_ctl, not a child: stop it ourselves, first.
            Postmaster.stop(dataDir, PostgresServer::log);
            process.close();
            Postmaster.stop(dataDir, PostgresServer::log);
            process = null;
        }
    }

    private static void log(String message) {
        System.out.println("  postgres: " + message);
    }

    /** The running postmaster (pg_ctl's daemon, not a child of the supervisor process). */
    java.util.Optional<ProcessHandle> postmaster() {
        return Postmaster.of(dataDir);
    }

    Path dataDir() {
        return dataDir;
    }
}
