package tickets.platform;

import tickets.devstack.PostgresServer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What every service holds about a set of purchases, read from each service's own database, and
 * the books that must balance across them: a purchase ended exactly once; invoice total = payment
 * amount = sum of its orders; refunds = credit notes; sold tickets per concert = tickets delivered
 * = holds confirmed; no slot left claimed, no hold left active; one charge per payment at the
 * provider. {@link #problems} lists every imbalance; {@link #counts} is what it saw.
 */
final class Reconciliation {

    private final PostgresServer postgres;
    private final Shop shop;
    final List<String> problems = new ArrayList<>();
    /** The purchases of the last check: the carts that were confirmed. */
    final List<String> purchases = new ArrayList<>();
    final Map<String, Long> counts = new TreeMap<>();
    /**
     * One read-only REPEATABLE READ transaction per database for the whole of a check, opened at its first read: a
     * database read twice in one check (orders: per purchase, then per concert) is seen at one moment, so a check
     * cannot pass by seeing the orders before a compensation in one place and after it in another (it did, once in a
     * while, when the organizer cancelled right after the payments). Orders is read before payments and finance, which
     * act on its events, so a refund or credit note newer than the orders seen shows as an imbalance (checked again).
     */
    private final Map<String, Connection> snapshots = new HashMap<>();

    Reconciliation(PostgresServer postgres, Shop shop) {
        this.postgres = postgres;
        this.shop = shop;
    }

    /** {@code settledBy}: "not charged" for a payment failed before its charge went out (its purchase had ended). */
    private record Payment(String id, String status, long amount, long refunded, String settledBy) {
    }

    private record Orders(long total, int count, int completed, int compensated, long compensatedTotal) {
    }

    private record Invoice(String status, long total, long paid, long credited, int creditNotes) {
    }

    /** Reconciles the purchases of these carts and the tickets of these concerts; true when nothing is off. */
    boolean check(List<String> cartIds, List<String> normalConcerts, String cancelledConcert, boolean askProvider) {
        problems.clear();
        counts.clear();
        try {
            UUID[] carts = cartIds.stream().map(UUID::fromString).toArray(UUID[]::new);
            List<String> confirmed = strings("carts", "select id from cart_view where id = any(?) and status = 'CONFIRMED'",
                    carts);
            Map<String, String[]> purchases = rows("orders", "select id, status, coalesce(outcome, ''), payment_status "
                    + "from purchase_view where id = any(?)", carts, 4);
            Map<String, String[]> endings = rows("orders", "select stream_id, count(*) from events where event_type = "
                    + "'PurchaseEnded' and stream_id = any(?) group by stream_id", carts, 2);
            Map<String, Orders> orders = new HashMap<>();
            rows("orders", "select purchase_id, sum(total_minor), count(*), count(*) filter (where status = 'COMPLETED'), "
                    + "count(*) filter (where compensated), coalesce(sum(total_minor) filter (where compensated), 0) "
                    + "from order_view where purchase_id = any(?) group by purchase_id",
                    carts, 6).forEach((id, r) -> orders.put(id, new Orders(Long.parseLong(r[1]), Integer.parseInt(r[2]),
                    Integer.parseInt(r[3]), Integer.parseInt(r[4]), Long.parseLong(r[5]))));
            Map<String, List<Payment>> payments = new HashMap<>();
            for (String[] r : list("payments", "select purchase_id, id, status, amount_minor, refunded_minor, "
                    + "coalesce(settled_by, '') from payment_view where purchase_id = any(?)", carts, 6)) {
                payments.computeIfAbsent(r[0], k -> new ArrayList<>()).add(new Payment(r[1], r[2], Long.parseLong(r[3]),
                        Long.parseLong(r[4]), r[5]));
            }
            Map<String, Invoice> invoices = new HashMap<>();
            rows("finance", "select id, status, total_minor, paid_minor, credited_minor, "
                    + "jsonb_array_length(document->'creditNotes') from invoice_view where id = any(?)", carts, 6)
                    .forEach((id, r) -> invoices.put(id, new Invoice(r[1], Long.parseLong(r[2]), Long.parseLong(r[3]),
                            Long.parseLong(r[4]), Integer.parseInt(r[5]))));

            this.purchases.clear();
            this.purchases.addAll(confirmed);
            count("carts attempted", cartIds.size());
            count("carts confirmed", confirmed.size());
            for (String cart : confirmed) {
                String[] purchase = purchases.get(cart);
                if (purchase == null) {
                    problems.add("cart " + cart + " was confirmed but no purchase exists (lost)");
                    continue;
                }
                if (!"ENDED".equals(purchase[1])) {
                    problems.add("purchase " + cart + " has not ended: " + purchase[1]);
                    continue;
                }
                count("purchases ended " + purchase[2], 1);
                String[] ended = endings.get(cart);
                if (ended == null || !"1".equals(ended[1])) {
                    problems.add("purchase " + cart + " ended " + (ended == null ? 0 : ended[1]) + " times");
                }
                Orders ordered = orders.getOrDefault(cart, new Orders(0, 0, 0, 0, 0));
                count("orders", ordered.count);
                count("orders completed", ordered.completed);
                count("orders compensated", ordered.compensated);
                List<Payment> paid = payments.getOrDefault(cart, List.of());
                Invoice invoice = invoices.get(cart);
                if (paid.size() > 1) {
                    problems.add("purchase " + cart + " has " + paid.size() + " payments (a second charge)");
                    continue;
                }
                if (paid.isEmpty()) {
                    if (invoice != null) {
                        problems.add("purchase " + cart + " has an invoice but no payment");
                    }
                    continue;
                }
                Payment payment = paid.getFirst();
                count("payments " + payment.status, 1);
                count("refunded minor", payment.refunded);
                if (payment.amount != ordered.total) {
                    problems.add("purchase " + cart + ": payment " + payment.amount + " != orders " + ordered.total);
                }
                // a compensated order of a paid purchase is refunded: until the refund is recorded the books are not at
                // rest (without this, a settle wait could pass between an order's compensation and its refund)
                if ("CONFIRMED".equals(payment.status) && payment.refunded != ordered.compensatedTotal) {
                    problems.add("purchase " + cart + ": refunded " + payment.refunded + " != compensated orders "
                            + ordered.compensatedTotal);
                }
                if (invoice == null) {
                    problems.add("purchase " + cart + ": payment " + payment.id + " has no invoice");
                    continue;
                }
                count("invoices " + invoice.status, 1);
                count("credit notes", invoice.creditNotes);
                if (invoice.total != payment.amount) {
                    problems.add("purchase " + cart + ": invoice " + invoice.total + " != payment " + payment.amount);
                }
                if (invoice.credited != payment.refunded) {
                    problems.add("purchase " + cart + ": credited " + invoice.credited + " != refunded " + payment.refunded);
                }
                if (invoice.creditNotes != (payment.refunded > 0 ? ordered.compensated : 0)) {
                    problems.add("purchase " + cart + ": " + invoice.creditNotes + " credit notes for "
                            + ordered.compensated + " compensated orders");
                }
                String expected = switch (payment.status) {
                    case "CONFIRMED" -> "PAID";
                    case "FAILED" -> "VOID";
                    default -> "ISSUED";
                };
                if (!expected.equals(invoice.status)) {
                    problems.add("purchase " + cart + ": payment " + payment.status + " but invoice " + invoice.status);
                }
                if (!"CONFIRMED".equals(payment.status) && !"FAILED".equals(payment.status)) {
                    problems.add("purchase " + cart + ": payment still " + payment.status);
                }
                if (askProvider) {
                    var charges = shop.providerPayments(payment.id);
                    // a payment whose purchase ended before its first charge went out was never sent to the provider
                    int expectedCharges = "FAILED".equals(payment.status) && "not charged".equals(payment.settledBy) ? 0 : 1;
                    if (charges.size() != expectedCharges) {
                        problems.add("payment " + payment.id + " (" + payment.status + ", settled by " + payment.settledBy
                                + ") has " + charges.size() + " charges at the provider");
                    } else if (charges.isEmpty()) {
                        count("payments failed before any charge", 1);
                    } else if (((Number) charges.getFirst().get("refundedMinor")).longValue() != payment.refunded) {
                        problems.add("payment " + payment.id + ": provider refunded " + charges.getFirst().get("refundedMinor")
                                + ", we say " + payment.refunded);
                    }
                }
            }
            for (String purchase : purchases.keySet()) {
                if (!confirmed.contains(purchase)) {
                    problems.add("purchase " + purchase + " exists but its cart is not confirmed");
                }
            }
            long claimed = number("carts", "select count(*) from purchase_in_flight where cart_id = any(?)", carts);
            if (claimed != 0) {
                problems.add(claimed + " customer slot(s) still claimed");
            }
            long active = number("reservations", "select count(*) from reservation_view where cart_id = any(?) "
                    + "and status = 'ACTIVE'", carts);
            if (active != 0) {
                problems.add(active + " hold(s) still active");
            }
            List<String> concerts = new ArrayList<>(normalConcerts);
            if (cancelledConcert != null) {
                concerts.add(cancelledConcert);
            }
            for (String concert : concerts) {
                UUID[] one = {UUID.fromString(concert)};
                long held = number("reservations", "select coalesce(sum((l->>'quantity')::int), 0) from reservation_view, "
                        + "jsonb_array_elements(lines->'lines') l where concert_id = any(?) and status = 'CONFIRMED'", one);
                boolean cancelled = concert.equals(cancelledConcert);
                // sold = the orders whose hold was confirmed: completed ones, or (cancelled concert) compensated after the
                // sale; an order paid after its hold ended is compensated too, but nothing of it was sold
                java.util.Set<String> confirmedHolds = new java.util.HashSet<>(strings("reservations", "select id from "
                        + "reservation_view where concert_id = any(?) and status = 'CONFIRMED'", one));
                long ordered = 0;
                for (String[] order : list("orders", "select reservation_id, status, compensated, (select coalesce(sum("
                        + "(l->>'quantity')::int), 0) from jsonb_array_elements(lines->'lines') l) from order_view "
                        + "where concert_id = any(?)", one, 4)) {
                    boolean sold = confirmedHolds.contains(order[0]);
                    boolean completed = "COMPLETED".equals(order[1]);
                    boolean compensated = "t".equals(order[2]);
                    if (sold) {
                        ordered += Long.parseLong(order[3]);
                    }
                    if (sold ? !(cancelled ? compensated : completed) : completed) {
                        problems.add("concert " + concert + ": order of hold " + order[0] + " is " + order[1]
                                + (compensated ? " (compensated)" : "") + " but its hold is "
                                + (sold ? "sold" : "not sold"));
                    }
                }
                long delivered = number("delivery", "select count(*) from ticket_view where concert_id = any(?) "
                        + "and status = 'DELIVERED'", one);
                long revoked = number("delivery", "select count(*) from ticket_view where concert_id = any(?) "
                        + "and status = 'REVOKED'", one);
                count(cancelled ? "tickets revoked (cancelled concert)" : "tickets delivered", cancelled ? revoked : delivered);
                count("tickets sold (holds confirmed)", held);
                // a sale that reached orders after it learned of the cancellation is compensated before it completes, so
                // it never gets tickets: a cancelled concert's sold seats have at most as many (revoked) tickets
                boolean ticketsMatch = cancelled ? revoked <= held && delivered == 0 : held == delivered && revoked == 0;
                if (held != ordered || !ticketsMatch) {
                    problems.add("concert " + concert + ": holds confirmed " + held + ", ordered " + ordered
                            + ", delivered " + delivered + ", revoked " + revoked);
                }
            }
        } catch (SQLException e) {
            problems.add("could not read a database: " + e);
        } finally {
            closeSnapshots();
        }
        return problems.isEmpty();
    }

    private void count(String what, long n) {
        counts.merge(what, n, Long::sum);
    }

    private Connection snapshot(String database) throws SQLException {
        Connection open = snapshots.get(database);
        if (open == null) {
            open = DriverManager.getConnection(postgres.jdbcUrl(database), "postgres", "postgres");
            snapshots.put(database, open);
            open.setAutoCommit(false);
            open.setReadOnly(true);
            open.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        return open;
    }

    private void closeSnapshots() {
        for (Connection connection : snapshots.values()) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException e) {
                // a read-only transaction: nothing to lose
            }
        }
        snapshots.clear();
    }

    private List<String[]> list(String database, String sql, UUID[] ids, int columns) throws SQLException {
        Connection connection = snapshot(database);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("uuid", ids);
            statement.setArray(1, array);
            List<String[]> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String[] row = new String[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = rows.getString(c + 1);
                    }
                    result.add(row);
                }
            }
            return result;
        }
    }

    private Map<String, String[]> rows(String database, String sql, UUID[] ids, int columns) throws SQLException {
        Map<String, String[]> byId = new HashMap<>();
        for (String[] row : list(database, sql, ids, columns)) {
            byId.put(row[0], row);
        }
        return byId;
    }

    private List<String> strings(String database, String sql, UUID[] ids) throws SQLException {
        return list(database, sql, ids, 1).stream().map(row -> row[0]).toList();
    }

    private long number(String database, String sql, UUID[] ids) throws SQLException {
        return Long.parseLong(list(database, sql, ids, 1).getFirst()[0]);
    }
}
