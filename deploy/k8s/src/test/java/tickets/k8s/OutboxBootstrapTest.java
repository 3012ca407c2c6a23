package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.devstack.Ports;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each database's bootstrap SQL (CloudNativePG's postInitApplicationSQL, run as the superuser when the database is
 * made), run on a real PostgreSQL 17 (the devstack's): the outbox's failover slot and publication exist before the
 * service or its connector runs, so the first events a service writes, before any connector started, are kept for it;
 * and the publication carries the outbox alone, whichever of the service's tables its migrations create.
 */
class OutboxBootstrapTest {

    private static Devstack devstack;
    private static List<ObjectNode> built;

    @BeforeAll
    static void startPostgres() {
        built = Manifests.built("prod");
        devstack = Devstack.forTests();
        devstack.startPostgres(Ports.free(), Manifests.services());
    }

    @AfterAll
    static void stopPostgres() {
        if (devstack != null) {
            devstack.close();
        }
    }

    @Test
    void a_services_first_outbox_rows_wait_in_its_failover_slot_for_a_connector_that_starts_later() throws SQLException {
        for (String service : Manifests.services()) {
            ObjectNode connector = Manifests.get(built, "KafkaConnector", "outbox-" + service);
            JsonNode config = connector.path("spec").path("config");
            assertThat(config.path("publication.autocreate.mode").asText()).as(service).isEqualTo("disabled");
            String slot = config.path("slot.name").asText();
            String publication = config.path("publication.name").asText();

            try (Connection superuser = connect(service); Statement sql = superuser.createStatement()) {
                for (String statement : bootstrapSql(service)) {
                    sql.execute(statement);
                }
                // the service's migrations and first writes, as the database's owner (not a superuser), before any
                // connector ran: the outbox and another table of its own
                String owner = service + "_owner";
                sql.execute("create role " + owner + " login");
                sql.execute("grant create on schema public to " + owner);
                sql.execute("set role " + owner);
                sql.execute("create table public.events (id bigserial primary key, payload text)");
                sql.execute("create table public.outbox (id uuid primary key, payload text)");
                sql.execute("insert into public.events (payload) values ('not an outbox row')");
                sql.execute("insert into public.outbox (id, payload) values (gen_random_uuid(), 'the first event')");
                sql.execute("reset role");

                try (ResultSet kept = sql.executeQuery("select failover, plugin from pg_replication_slots "
                        + "where slot_name = '" + slot + "'")) {
                    assertThat(kept.next()).as(service + ": the slot " + slot + " exists").isTrue();
                    assertThat(kept.getBoolean("failover")).as(service + ": a failover slot").isTrue();
                    assertThat(kept.getString("plugin")).isEqualTo(config.path("plugin.name").asText());
                }
                // what the connector will read from the slot: pgoutput's inserts of the publication's tables
                try (ResultSet changes = sql.executeQuery("select count(*) filter (where get_byte(data, 0) = 73) "
                        + "from pg_logical_slot_peek_binary_changes('" + slot + "', null, null, 'proto_version', '1', "
                        + "'publication_names', '" + publication + "')")) {
                    changes.next();
                    assertThat(changes.getInt(1)).as(service + ": inserts waiting in the slot, the outbox's only")
                            .isEqualTo(1);
                }
                try (ResultSet tables = sql.executeQuery("select string_agg(schemaname || '.' || tablename, ',') "
                        + "from pg_publication_tables where pubname = '" + publication + "'")) {
                    tables.next();
                    assertThat(tables.getString(1)).as(service).isEqualTo(config.path("table.include.list").asText());
                }
                sql.execute("select pg_drop_replication_slot('" + slot + "')");
            }
        }
    }

    /** The Cluster's postInitApplicationSQL for the service's database. */
    private static List<String> bootstrapSql(String service) {
        ObjectNode cluster = Manifests.databaseOf(built, service);
        List<String> statements = new ArrayList<>();
        cluster.path("spec").path("bootstrap").path("initdb").path("postInitApplicationSQL")
                .forEach(statement -> statements.add(statement.asText()));
        assertThat(statements).as(service + ": its database's bootstrap SQL").isNotEmpty();
        return statements;
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(devstack.postgres().jdbcUrl(database), "postgres", "postgres");
    }
}
