package tickets.delivery.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.Race;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sale and its concert's cancellation meet in delivery (DESIGN.md section 9): the order completed (its tickets
 * are issued) and the concert cancelled (its tickets revoked), both ways round and truly at once for
 * {@value #AT_ONCE} orders, each of a concert of its own. Whichever came first, every ticket of the order exists
 * (one per seat) and none admits anyone.
 */
@QuarkusTest
class SagaRacesTest {

    static final int AT_ONCE = 50;

    @InjectDevstack
    Devstack devstack;
    private TestEvents kafka;
    private TestDatabase delivery;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
        delivery = new TestDatabase(devstack, "delivery");
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    /** An order of two Regular seats of a concert of its own. */
    private record Sale(UUID purchase, UUID user, UUID concert, UUID order) {
    }

    @Test
    void a_sale_and_its_concert_s_cancellation_leave_every_ticket_revoked_whichever_comes_first() {
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < AT_ONCE + 2; i++) {
            UUID concert = UUID.randomUUID();
            kafka.publish(Topics.CONCERTS, concert, new ConcertsIntegrationEvent.ConcertCreated(concert, "Raced", "The Band",
                    "Arena", Instant.parse("2030-06-01T19:30:00Z"),
                    List.of(new TicketLevel("Regular", 500, 4_900, "EUR", DeliveryMethod.ONLINE))));
            sales.add(new Sale(UUID.randomUUID(), UUID.randomUUID(), concert, UUID.randomUUID()));
        }
        List<UUID> concerts = sales.stream().map(Sale::concert).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> delivery.count(
                "select count(*) from concert_info where id = any(?)", concerts) == concerts.size());

        Consumer<Sale> completed = sale -> kafka.publish(Topics.ORDERS, sale.purchase(),
                new OrdersIntegrationEvent.OrderCompleted(sale.order(), sale.purchase(), UUID.randomUUID(), sale.user(),
                        sale.concert(), List.of(new OrdersIntegrationEvent.Line("Regular", 2, 4_900)), 9_800, "EUR", null),
                UUID.randomUUID(), sale.purchase());
        Consumer<Sale> cancelled = sale -> kafka.publish(Topics.CONCERTS, sale.concert(),
                new ConcertsIntegrationEvent.ConcertCancelled(sale.concert(), "storm"), UUID.randomUUID(),
                "request:" + UUID.randomUUID());

        completed.accept(sales.get(0));
        awaitTickets(sales.get(0));
        cancelled.accept(sales.get(0));
        cancelled.accept(sales.get(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.count(
                "select count(*) from concert_info where id = ? and cancelled", sales.get(1).concert()) == 1);
        completed.accept(sales.get(1));
        List<Sale> atOnce = sales.subList(2, sales.size());
        Race.pairs(atOnce.size(), i -> completed.accept(atOnce.get(i)), i -> cancelled.accept(atOnce.get(i)));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Sale sale : sales) {
                assertThat(delivery.column("select status from ticket_view where order_id = ?", sale.order()))
                        .as("tickets of the order of cancelled concert %s", sale.concert()).hasSize(2)
                        .containsOnly("REVOKED");
            }
        });
    }

    private void awaitTickets(Sale sale) {
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.count(
                "select count(*) from ticket_view where order_id = ?", sale.order()) == 2);
    }
}
