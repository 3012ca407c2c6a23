package tickets.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The physical ceiling of a reservation decision: the same rows the service writes for one
 * decision (inbox row, the level's conditional update, event, outbox row, read-model row, expiry
 * timer), written by plain JDBC into copies of the service's own tables in the same database,
 * {@code batch} decisions per transaction, one connection (the service has one consumer).
 * Nothing in between: no Kafka, no framework, no JSON mapping.
 */
final class RawSqlBaseline {

    private static final String[] TABLES = {"processed_messages", "events", "outbox", "reservation_view", "due_work",
            "level_capacity"};
    private static final String EVENT_DATA = """
            {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s","lines":[{"ticketLevel":"Regular",\
            "quantity":1,"unitPriceMinor":5000}],"currency":"EUR","expiresAt":"2030-01-01T20:10:00Z","holdsOfCart":1}""";

    private final Stack stack;

    RawSqlBaseline(Stack stack) {
        this.stack = stack;
    }

    /** Decisions per second at {@code batch} decisions per transaction. */
    double decisionsPerSecond(int decisions, int batch) throws SQLException {
        try (Connection db = stack.database("reservations")) {
            try (Statement ddl = db.createStatement()) {
                for (String table : TABLES) {
                    ddl.execute("drop table if exists bench_" + table);
                    ddl.execute("create table bench_" + table + " (like " + table + " including all)");
                }
                ddl.execute("insert into bench_level_capacity (concert_id, level, capacity) values "
                        + "('00000000-0000-0000-0000-00000000be4c', 'Regular', " + Integer.MAX_VALUE + ")");
            }
            db.setAutoCommit(false);
            UUID concert = UUID.fromString("00000000-0000-0000-0000-00000000be4c");
            long began = System.nanoTime();
            for (int done = 0; done < decisions; done += batch) {
                decide(db, concert, Math.min(batch, decisions - done));
                db.commit();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            db.setAutoCommit(true);
            try (Statement ddl = db.createStatement()) {
                for (String table : TABLES) {
                    ddl.execute("drop table bench_" + table);
                }
            }
            return decisions / seconds;
        }
    }

    private static void decide(Connection db, UUID concert, int carts) throws SQLException {
        UUID[] cartIds = new UUID[carts];
        for (int i = 0; i < carts; i++) {
            cartIds[i] = UUID.randomUUID();
        }
        try (PreparedStatement inbox = db.prepareStatement(
                "insert into bench_processed_messages (consumer, message_id) values ('carts', ?) on conflict do nothing")) {
            for (int i = 0; i < carts; i++) {
                inbox.setObject(1, UUID.randomUUID());
                inbox.addBatch();
            }
            inbox.executeBatch();
        }
        try (PreparedStatement decided = db.prepareStatement(
                "select count(*) from bench_reservation_view where cart_id = any(?)")) {
            decided.setArray(1, db.createArrayOf("uuid", cartIds));
            decided.executeQuery().close();
        }
        try (PreparedStatement lock = db.prepareStatement(
                "select capacity, reserved from bench_level_capacity where concert_id = ? and level_key = 'regular' for update")) {
            lock.setObject(1, concert);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
            }
        }
        try (PreparedStatement take = db.prepareStatement(
                "update bench_level_capacity set reserved = reserved + ? where concert_id = ? and level_key = 'regular'")) {
            take.setInt(1, carts);
            take.setObject(2, concert);
            take.executeUpdate();
        }
        Timestamp expiresAt = Timestamp.from(Instant.now().plusSeconds(600));
        try (PreparedStatement events = db.prepareStatement("""
                insert into bench_events (event_id, stream_id, stream_type, stream_version, event_type, schema_version, data, metadata)
                values (?, ?, 'Reservation', 1, 'ReservationCreated', 2, cast(? as jsonb), cast(? as jsonb))""");
             PreparedStatement outbox = db.prepareStatement("""
                insert into bench_outbox (id, aggregatetype, aggregateid, type, payload, source, correlation_id, causation_id, schema_version)
                values (?, 'Reservation', ?, 'ReservationCreated', cast(? as jsonb), 'reservations', ?, ?, 2)""");
             PreparedStatement view = db.prepareStatement("""
                insert into bench_reservation_view (id, cart_id, user_id, concert_id, status, lines, currency, expires_at, version)
                values (?, ?, ?, ?, 'ACTIVE', cast(? as jsonb), 'EUR', ?, 1)""");
             PreparedStatement timer = db.prepareStatement("""
                insert into bench_due_work (id, kind, stream_id, due_at, next_attempt_at, correlation_id, causation_id)
                values (?, 'reservation-expiry', ?, ?, ?, ?, ?)""")) {
            for (UUID cart : cartIds) {
                UUID reservation = UUID.randomUUID();
                UUID user = UUID.randomUUID();
                UUID eventId = UUID.randomUUID();
                String data = EVENT_DATA.formatted(reservation, cart, user, concert);
                events.setObject(1, eventId);
                events.setObject(2, reservation);
                events.setString(3, data);
                events.setString(4, "{\"correlationId\":\"" + cart + "\",\"causationId\":\"" + UUID.randomUUID() + "\"}");
                events.addBatch();
                outbox.setObject(1, UUID.randomUUID());
                outbox.setString(2, reservation.toString());
                outbox.setString(3, data);
                outbox.setString(4, cart.toString());
                outbox.setString(5, eventId.toString());
                outbox.addBatch();
                view.setObject(1, reservation);
                view.setObject(2, cart);
                view.setObject(3, user);
                view.setObject(4, concert);
                view.setString(5, "{\"lines\":[{\"ticketLevel\":\"Regular\",\"quantity\":1,\"unitPriceMinor\":5000}],\"rejected\":[]}");
                view.setTimestamp(6, expiresAt);
                view.addBatch();
                timer.setObject(1, UUID.randomUUID());
                timer.setObject(2, reservation);
                timer.setTimestamp(3, expiresAt);
                timer.setTimestamp(4, expiresAt);
                timer.setString(5, cart.toString());
                timer.setString(6, eventId.toString());
                timer.addBatch();
            }
            events.executeBatch();
            outbox.executeBatch();
            view.executeBatch();
            timer.executeBatch();
        }
    }
}
