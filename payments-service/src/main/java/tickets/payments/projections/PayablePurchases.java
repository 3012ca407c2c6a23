package tickets.payments.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.Money;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCreated;
import tickets.payments.PaidLine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What payments knows of each purchase, from orders.events: its customer, its orders (the amount
 * is their sum, never the client's), whether all of them exist yet, and whether it can still be
 * paid (no order ended unsold, the purchase not ended). Runs in the caller's transaction.
 */
@ApplicationScoped
public class PayablePurchases {

    /** A purchase as payments sees it. */
    public record Purchase(UUID purchaseId, UUID userId, int expectedOrders, List<Order> orders, boolean blocked,
                           boolean ended) {

        public boolean complete() {
            return expectedOrders > 0 && orders.size() >= expectedOrders;
        }

        public Money amount() {
            Money total = Money.zero(orders.getFirst().total().currency());
            for (Order order : orders) {
                total = total.plus(order.total());
            }
            return total;
        }

        public List<PaidLine> lines() {
            List<PaidLine> lines = new ArrayList<>();
            orders.forEach(order -> lines.addAll(order.lines()));
            return lines;
        }
    }

    /** An order of the purchase: its lines and total. */
    public record Order(UUID orderId, UUID concertId, Money total, List<PaidLine> lines) {
    }

    @Inject
    ObjectMapper json;

    public Uni<Void> orderCreated(OrderCreated created) {
        List<PaidLine> lines = created.lines().stream().map(l -> new PaidLine(created.orderId(), created.concertId(),
                l.ticketLevel(), l.quantity(), l.unitPriceMinor())).toList();
        Order order = new Order(created.orderId(), created.concertId(), created.total(), lines);
        String orderJson;
        try {
            orderJson = json.writeValueAsString(List.of(order));
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into payable_purchase (purchase_id, user_id, expected_orders, orders)
                        values (:purchaseId, :userId, :expected, cast(cast(:orders as text) as jsonb))
                        on conflict (purchase_id) do update set
                            expected_orders = greatest(payable_purchase.expected_orders, excluded.expected_orders),
                            orders = case when payable_purchase.orders @> jsonb_build_array(
                                              jsonb_build_object('orderId', cast(:orderId as text)))
                                          then payable_purchase.orders
                                          else payable_purchase.orders || excluded.orders end""")
                .setParameter("purchaseId", created.purchaseId()).setParameter("userId", created.userId())
                .setParameter("expected", created.ordersInPurchase()).setParameter("orders", orderJson)
                .setParameter("orderId", created.orderId().toString()).executeUpdate()).replaceWithVoid();
    }

    /** An order ended unsold: the purchase can no longer complete, so it can no longer be paid. */
    public Uni<Void> blocked(UUID purchaseId) {
        return update("update payable_purchase set blocked = true where purchase_id = :purchaseId", purchaseId);
    }

    public Uni<Void> ended(UUID purchaseId) {
        return update("update payable_purchase set ended = true where purchase_id = :purchaseId", purchaseId);
    }

    public Uni<Purchase> find(UUID purchaseId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select user_id, expected_orders, cast(orders as text), blocked, ended from payable_purchase
                        where purchase_id = :purchaseId""", Object[].class)
                .setParameter("purchaseId", purchaseId).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] row = rows.get(0);
                    List<Order> orders = new ArrayList<>();
                    try {
                        for (JsonNode node : json.readTree((String) row[2])) {
                            orders.add(json.treeToValue(node, Order.class));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return new Purchase(purchaseId, (UUID) row[0], ((Number) row[1]).intValue(), orders,
                            (Boolean) row[3], (Boolean) row[4]);
                });
    }

    private Uni<Void> update(String sql, UUID purchaseId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql).setParameter("purchaseId", purchaseId)
                .executeUpdate()).replaceWithVoid();
    }
}
