package tickets.devstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tickets.devstack.process.Postmaster;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The devstack's PostgreSQL survives what the platform survives: its supervisor (the JVM that started the
 * postmaster) killed -9 while a client stays connected, then launched again, brings PostgreSQL back by itself, with
 * the data written before. The postmaster the killed supervisor left behind is stopped by a fast shutdown, and one
 * that does not answer is shut down immediately, then killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresSupervisorRestartTest {

    private static final String DATABASE = "survivor";

    private static Devstack devstack;
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws SQLException {
        devstack = Devstack.forTests();
        postgres = devstack.startPostgres(Ports.free(), List.of(DATABASE));
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("create table notes (text text not null)");
            statement.execute("insert into notes values ('written before')");
        }
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            devstack.close();
        }
    }

    @Test
    @Order(1)
    void a_relaunched_supervisor_stops_the_orphaned_postmaster_despite_a_connected_client_and_serves_the_data()
            throws Exception {
        try (Connection stayingClient = connect()) {
            assertThat(notes(stayingClient)).containsExactly("written before");
            ProcessHandle orphan = postgres.postmaster().orElseThrow();

            postgres.process.kill();

            // what the relaunch meets: the postmaster outlived its supervisor and still serves its client
            assertThat(Postmaster.ended(orphan)).isFalse();
            assertThat(notes(stayingClient)).containsExactly("written before");

            postgres.start(); // waits for its ready line: throws with the log's tail if PostgreSQL does not come back

            assertThat(Postmaster.ended(orphan)).as("the orphaned postmaster has ended").isTrue();
            assertThat(postgres.postmaster().orElseThrow().pid()).isNotEqualTo(orphan.pid());
            // a fast shutdown disconnected the client (a smart one would have waited for it forever)
            assertThatThrownBy(() -> notes(stayingClient)).isInstanceOf(SQLException.class);
        }
        try (Connection reconnected = connect()) {
            assertThat(notes(reconnected)).containsExactly("written before");
        }
    }

    @Test
    @Order(2)
    void a_postmaster_that_answers_neither_fast_nor_immediate_shutdown_is_killed_and_postgres_recovers()
            throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("insert into notes values ('committed before the kill')");
        }
        postgres.process.kill();
        ProcessHandle orphan = postgres.postmaster().orElseThrow();
        List<ProcessHandle> itsProcesses = new ArrayList<>(orphan.descendants().toList());
        assertThat(itsProcesses).as("the postmaster's backends and helpers").isNotEmpty();
        signal("STOP", orphan); // stopped: SIGINT and SIGQUIT stay pending, only SIGKILL ends it

        List<String> log = new CopyOnWriteArrayList<>();
        Postmaster.stop(postgres.dataDir(), Duration.ofSeconds(1), Duration.ofSeconds(1), log::add);

        assertThat(log).anyMatch(line -> line.contains("immediate shutdown")).anyMatch(line -> line.contains("SIGKILL"));
        assertThat(Postmaster.ended(orphan)).isTrue();
        assertThat(itsProcesses).allMatch(Postmaster::ended);
        assertThat(Postmaster.of(postgres.dataDir())).isEmpty();

        postgres.start();

        try (Connection reconnected = connect()) {
            assertThat(notes(reconnected)).containsExactly("written before", "committed before the kill");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), "postgres", "");
    }

    private static List<String> notes(Connection connection) throws SQLException {
        List<String> notes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select text from notes order by ctid")) {
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
        }
        return notes;
    }

    private static void signal(String signal, ProcessHandle process) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor())
                .isZero();
    }
}
