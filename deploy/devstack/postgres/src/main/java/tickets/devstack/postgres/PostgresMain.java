package tickets.devstack.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tickets.devstack.process.ParentWatch;
import tickets.devstack.process.Postmaster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL 17 from zonky's embedded binaries, configured for the outbox relay: logical
 * decoding on, durable commits on (zonky turns fsync and synchronous_commit off by default),
 * one database per service.
 *
 * <p>Arguments: {@code <port> <binaries dir> <data dir> <database>...}
 */
public final class PostgresMain {

    /** Written after the first successful start: a data directory without it is a failed initdb. */
    private static final String INITIALISED_MARKER = "devstack-initialised";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path binaries = Path.of(args[1]);
        Path data = Path.of(args[2]);
        List<String> databases = List.of(args).subList(3, args.length);

        prepareDataDirectory(data);
        Files.createDirectories(binaries);

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "24")
                .setServerConfig("max_wal_senders", "24")
                .setServerConfig("max_connections", "300")
                .setServerConfig("max_prepared_transactions", "0")
                // a batch of saga events locks each of its purchases and streams (DecisionLocks): room for
                // hundreds of advisory locks per transaction in the shared lock table (64 by default)
                .setServerConfig("max_locks_per_transaction", "512")
                // when each transaction committed (pg_xact_commit_timestamp): the benchmarks read when the
                // last decision was committed afterwards instead of polling the database while it works
                .setServerConfig("track_commit_timestamp", "on")
                .start();
        Files.writeString(data.resolve(INITIALISED_MARKER), "ok\n");
        ParentWatch.exitWhenParentEnds(() -> close(postgres, data));

        for (String database : databases) {
            createDatabaseIfMissing(postgres, database);
        }
        System.out.println("DEVSTACK-READY postgres port=" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * A killed run can leave a half-written data directory (initdb interrupted) or a postmaster
     * that outlived its launcher (or this supervisor, killed -9). The first is removed so initdb starts clean; the
     * second is stopped, since it holds the data directory this run needs: by a fast shutdown, since the services
     * stay connected to it and a smart one (SIGTERM) would wait for them forever ({@link Postmaster}).
     */
    private static void prepareDataDirectory(Path data) throws Exception {
        if (!Files.isDirectory(data)) {
            return;
        }
        if (!Files.exists(data.resolve(INITIALISED_MARKER))) {
            System.out.println("removing incomplete PostgreSQL data directory " + data);
            deleteRecursively(data);
            return;
        }
        Postmaster.of(data).ifPresent(stale -> {
            System.out.println("stopping PostgreSQL left running by an earlier run (pid " + stale.pid()
                    + "): fast shutdown, its clients are disconnected");
            Postmaster.stop(data, System.out::println);
            System.out.println("PostgreSQL of the earlier run stopped");
        });
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) throws SQLException {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + database + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + database);
        }
    }

    /** zonky's close gives a fast shutdown 5 s; whatever still runs after it is stopped for good. */
    private static void close(EmbeddedPostgres postgres, Path data) {
        try {
            postgres.close();
        } catch (IOException e) {
            e.printStackTrace();
        }
        Postmaster.stop(data, System.out::println);
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
