package tickets.reservations;

import org.junit.jupiter.api.Test;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.contracts.carts.CartsIntegrationEvent.Line;
import tickets.reservations.CapacityAllocation.Outcome.Held;
import tickets.reservations.CapacityAllocation.Outcome.Rejected;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch of carts decided in memory against the tickets left: in arrival order, all-or-nothing, never oversold. */
class CapacityAllocationTest {

    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final UUID OTHER_CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c2");

    /** Level rows keyed by "concert/lower(level)", as the ledger matches them. */
    private static CapacityAllocation<String> allocation(Map<String, Integer> left) {
        return new CapacityAllocation<>(left, (concert, level) -> {
            String key = concert + "/" + level.toLowerCase(Locale.ROOT);
            return left.containsKey(key) ? key : null;
        });
    }

    private static String level(UUID concert, String name) {
        return concert + "/" + name.toLowerCase(Locale.ROOT);
    }

    private static CartConfirmed cart(Line... lines) {
        return new CartConfirmed(UUID.randomUUID(), UUID.randomUUID(), List.of(lines), 0, "EUR", null);
    }

    private static Line line(UUID concert, String level, int quantity) {
        return new Line(concert, level, quantity, 1000);
    }

    @Test
    void carts_are_served_in_arrival_order_until_the_level_is_sold_out() {
        var allocation = allocation(Map.of(level(CONCERT, "Regular"), 5));

        assertThat(allocation.decide(cart(line(CONCERT, "Regular", 2)))).isInstanceOf(Held.class);
        assertThat(allocation.decide(cart(line(CONCERT, "Regular", 3)))).isInstanceOf(Held.class);
        var late = allocation.decide(cart(line(CONCERT, "Regular", 1)));

        assertThat(late).isInstanceOf(Rejected.class);
        assertThat(((Rejected) late).lines()).singleElement().satisfies(refused -> {
            assertThat(refused.available()).isZero();
            assertThat(refused.reason()).isEqualTo("sold out, unknown or cancelled");
        });
        assertThat(allocation.taken()).containsExactlyEntriesOf(Map.of(level(CONCERT, "Regular"), 5));
    }

    @Test
    void a_cart_that_does_not_fit_takes_nothing_and_a_smaller_one_after_it_still_can() {
        var allocation = allocation(Map.of(level(CONCERT, "Regular"), 3, level(CONCERT, "Golden Circle"), 1));

        var tooMany = allocation.decide(cart(line(CONCERT, "Regular", 2), line(CONCERT, "Golden Circle", 2)));
        var fits = allocation.decide(cart(line(CONCERT, "Regular", 3)));

        assertThat(tooMany).isInstanceOf(Rejected.class);
        assertThat(((Rejected) tooMany).lines()).singleElement().satisfies(refused -> {
            assertThat(refused.ticketLevel()).isEqualTo("Golden Circle");
            assertThat(refused.requested()).isEqualTo(2);
            assertThat(refused.available()).isEqualTo(1);
            assertThat(refused.reason()).isEqualTo("only 1 left");
        });
        assertThat(fits).isInstanceOf(Held.class);
        assertThat(allocation.taken()).containsExactlyEntriesOf(Map.of(level(CONCERT, "Regular"), 3));
    }

    @Test
    void an_unknown_level_rejects_the_cart() {
        var allocation = allocation(Map.of(level(CONCERT, "Regular"), 3));

        var outcome = allocation.decide(cart(line(CONCERT, "Regular", 1), line(OTHER_CONCERT, "Regular", 1)));

        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(((Rejected) outcome).lines()).extracting(RejectedLine::concertId).containsExactly(OTHER_CONCERT);
        assertThat(allocation.taken()).isEmpty();
    }

    @Test
    void a_line_of_no_or_negative_tickets_rejects_its_cart_and_frees_nothing_for_the_next() {
        var allocation = allocation(Map.of(level(CONCERT, "Regular"), 2));

        var negative = allocation.decide(cart(line(CONCERT, "Regular", -5), line(CONCERT, "Regular", 2)));
        var next = allocation.decide(cart(line(CONCERT, "Regular", 3)));

        assertThat(negative).isInstanceOf(Rejected.class);
        assertThat(((Rejected) negative).lines()).singleElement().satisfies(refused ->
                assertThat(refused.reason()).isEqualTo("not a quantity"));
        assertThat(next).isInstanceOf(Rejected.class);
        assertThat(allocation.taken()).isEmpty();
    }

    @Test
    void two_spellings_of_one_level_in_a_cart_count_together() {
        var allocation = allocation(Map.of(level(CONCERT, "Regular"), 3));

        var outcome = allocation.decide(cart(line(CONCERT, "Regular", 2), line(CONCERT, "REGULAR", 2)));

        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(allocation.taken()).isEmpty();
    }

    @Test
    void never_more_is_taken_than_was_left_whatever_the_batch() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Map<String, Integer> left = Map.of(level(CONCERT, "A"), random.nextInt(20), level(CONCERT, "B"), random.nextInt(20),
                    level(OTHER_CONCERT, "A"), random.nextInt(20));
            var allocation = allocation(left);
            List<Line> heldLines = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                List<Line> lines = new ArrayList<>();
                if (random.nextBoolean()) {
                    lines.add(line(CONCERT, "A", 1 + random.nextInt(4)));
                }
                if (random.nextBoolean()) {
                    lines.add(line(CONCERT, "B", 1 + random.nextInt(4)));
                }
                lines.add(line(OTHER_CONCERT, "A", 1 + random.nextInt(4)));
                var cart = cart(lines.toArray(Line[]::new));
                if (allocation.decide(cart) instanceof Held) {
                    heldLines.addAll(lines);
                }
            }
            var taken = allocation.taken();
            taken.forEach((key, quantity) -> assertThat(quantity).isLessThanOrEqualTo(left.get(key)));
            // what was taken is exactly what the held carts asked for
            for (String key : left.keySet()) {
                int asked = heldLines.stream().filter(l -> level(l.concertId(), l.ticketLevel()).equals(key))
                        .mapToInt(Line::quantity).sum();
                assertThat(taken.getOrDefault(key, 0)).isEqualTo(asked);
            }
        }
    }
}
