package tickets.reservations.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.contracts.carts.CartsIntegrationEvent.Line;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCreated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's database really goes away (the PostgreSQL server is stopped: connections refused)
 * for more than 30 seconds while confirmed carts keep arriving. Nothing may be lost, doubled or
 * dead-lettered: every cart is decided exactly once when the database is back.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(35);

    @InjectDevstack
    Devstack devstack;

    @Test
    void carts_confirmed_while_the_database_is_down_are_each_reserved_once_when_it_is_back() throws Exception {
        TestDatabase database = new TestDatabase(devstack, "reservations");
        UUID concert = UUID.randomUUID();
        List<UUID> carts = new ArrayList<>();
        try (TestEvents kafka = new TestEvents(devstack)) {
            UUID created = kafka.publish(Topics.CONCERTS, concert, new ConcertCreated(concert, "Outage", "a", "v",
                    Instant.parse("2030-01-01T00:00:00Z"),
                    List.of(new TicketLevel("Regular", 1_000, 1_000, "EUR", DeliveryMethod.ONLINE))));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    database.count("select count(*) from processed_messages where message_id = ?", created) == 1);

            confirm(kafka, concert, carts, 10);
            devstack.postgres().close();
            AtomicBoolean sawDegraded = new AtomicBoolean();
            long back = System.nanoTime() + OUTAGE.toNanos();
            try {
                // records keep flowing while the database is away
                while (System.nanoTime() < back) {
                    confirm(kafka, concert, carts, 2);
                    if (given().get("/q/health/group/saga").asString().contains("retrying since")) {
                        sawDegraded.set(true);
                    }
                    Thread.sleep(1_000);
                }
            } finally {
                devstack.postgres().start();
            }
            confirm(kafka, concert, carts, 10);
            assertThat(sawDegraded).as("the saga health reported the stuck consumer while the database was away").isTrue();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    database.count("select count(distinct cart_id) from reservation_view where cart_id = any(?)", carts)
                            == carts.size());
            assertThat(database.count("select count(*) from reservation_view where cart_id = any(?)", carts))
                    .as("one reservation per cart, none twice").isEqualTo(carts.size());
            assertThat(database.count("select count(*) from reservation_view where cart_id = any(?) and status = 'ACTIVE'",
                    carts)).isEqualTo(carts.size());
            assertThat(database.count("select reserved from level_capacity where concert_id = ?", concert))
                    .isEqualTo(carts.size());
            assertThat(kafka.all("reservations.dlq", record -> carts.stream().anyMatch(c -> c.toString().equals(record.key())),
                    Duration.ofSeconds(3))).as("nothing dead-lettered").isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200
                    && given().get("/q/health/group/saga").statusCode() == 200);
        }
    }

    private static void confirm(TestEvents kafka, UUID concert, List<UUID> carts, int count) {
        for (int i = 0; i < count; i++) {
            UUID cart = UUID.randomUUID();
            carts.add(cart);
            kafka.publish(Topics.CARTS, cart, new CartConfirmed(cart, UUID.randomUUID(),
                    List.of(new Line(concert, "Regular", 1, 1_000)), 1_000, "EUR", null), UUID.randomUUID(), cart);
        }
    }
}
