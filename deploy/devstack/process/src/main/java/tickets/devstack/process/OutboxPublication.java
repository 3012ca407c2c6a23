package tickets.devstack.process;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The publication a service's outbox connector decodes, prepared before the connector starts: the same for the
 * devstack's embedded relay and for Debezium Connect from its image (deploy/devstack/containers).
 * <p>
 * The slot decodes only what its publication names, so the publication holds the outbox table alone: the service's
 * other writes (events, inbox, read models, timers) never reach the relay. The relay starts before the service has
 * migrated its schema, so the table may not exist yet: the publication then starts empty, and an event trigger adds
 * the table in the very transaction that creates it, before any row can be written to it. (Debezium's own
 * "filtered" mode refuses to start without the table.) A publication made over all tables by an older relay is left
 * as it is: its slot's history refers to it.
 */
public final class OutboxPublication {

    private OutboxPublication() {
    }

    /** The replication slot's and the publication's name for one service's outbox. */
    public static String name(String service) {
        return "outbox_" + service;
    }

    /** Prepares {@code service}'s publication in the service's database, which {@code connection} is connected to. */
    public static void prepare(Connection connection, String service) throws SQLException {
        String publication = name(service);
        try (Statement sql = connection.createStatement()) {
            boolean exists;
            try (ResultSet found = sql.executeQuery("select 1 from pg_publication where pubname = '" + publication + "'")) {
                exists = found.next();
            }
            // inserts only: the purge's deletes of relayed rows would otherwise be decoded and sent to
            // the relay only to be skipped there
            if (!exists) {
                sql.execute("create publication " + publication + " with (publish = 'insert')");
            } else {
                try (ResultSet own = sql.executeQuery("select 1 from pg_publication where pubname = '" + publication
                        + "' and not puballtables and (pubupdate or pubdelete or pubtruncate)")) {
                    if (own.next()) {
                        sql.execute("alter publication " + publication + " set (publish = 'insert')");
                    }
                }
            }
            // in a schema of its own: the service's migrations expect an empty public schema
            sql.execute("create schema if not exists outbox_relay");
            sql.execute("""
                    create or replace function outbox_relay.publication_follows_outbox_table() returns event_trigger
                    language plpgsql security definer set search_path = pg_catalog as $$
                    declare
                        created record;
                        pub record;
                    begin
                        for created in select * from pg_event_trigger_ddl_commands()
                                where command_tag = 'CREATE TABLE' and object_identity = 'public.outbox' loop
                            for pub in select p.pubname from pg_publication p
                                    where starts_with(p.pubname, 'outbox_') and not p.puballtables
                                      and not exists (select 1 from pg_publication_tables t where t.pubname = p.pubname
                                                      and t.schemaname = 'public' and t.tablename = 'outbox') loop
                                execute format('alter publication %I add table public.outbox', pub.pubname);
                            end loop;
                        end loop;
                    end $$""");
            try (ResultSet found = sql.executeQuery(
                    "select 1 from pg_event_trigger where evtname = 'outbox_publication_follows_table'")) {
                if (!found.next()) {
                    sql.execute("""
                            create event trigger outbox_publication_follows_table on ddl_command_end
                            when tag in ('CREATE TABLE') execute function outbox_relay.publication_follows_outbox_table()""");
                }
            }
            try (ResultSet found = sql.executeQuery("""
                    select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relname = 'outbox'
                      and not exists (select 1 from pg_publication p where p.pubname = '%s' and p.puballtables)
                      and not exists (select 1 from pg_publication_tables t where t.pubname = '%s'
                                      and t.schemaname = 'public' and t.tablename = 'outbox')"""
                    .formatted(publication, publication))) {
                if (found.next()) {
                    sql.execute("alter publication " + publication + " add table public.outbox");
                }
            }
        }
    }
}
