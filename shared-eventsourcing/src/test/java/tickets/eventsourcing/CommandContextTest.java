package tickets.eventsourcing;

import org.junit.jupiter.api.Test;
import tickets.eventsourcing.inbox.IncomingEvent;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one correlation policy: requests, saga steps and timers. */
class CommandContextTest {

    @Test
    void a_request_is_its_own_cause_and_keeps_a_well_formed_client_correlation() {
        CommandContext own = CommandContext.ofRequest(null, "u1");
        assertThat(own.causationId()).startsWith("request:");
        assertThat(own.correlationId()).isEqualTo(own.causationId());

        CommandContext client = CommandContext.ofRequest("checkout-42", "u1");
        assertThat(client.correlationId()).isEqualTo("checkout-42");
        assertThat(client.causationId()).startsWith("request:").isNotEqualTo("checkout-42");
        assertThat(client.userId()).isEqualTo("u1");
    }

    @Test
    void a_malformed_client_correlation_is_refused() {
        for (String bad : new String[] {"has spaces", "x".repeat(101), "nul\u0000", "ünïcode"}) {
            assertThatThrownBy(() -> CommandContext.ofRequest(bad, null)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("X-Correlation-Id");
        }
    }

    @Test
    void a_saga_step_keeps_the_purchase_and_names_the_incoming_event_as_its_cause() {
        UUID eventId = UUID.randomUUID();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        IncomingEvent incoming = new IncomingEvent(eventId, "CartConfirmed", "carts", "s", "cart-1", "e0", 1, "k", "{}",
                traceparent);

        CommandContext step = CommandContext.causedBy(incoming);
        assertThat(step.correlationId()).isEqualTo("cart-1");
        assertThat(step.causationId()).isEqualTo(eventId.toString());
        assertThat(step.traceparent()).isEqualTo(traceparent);

        IncomingEvent uncorrelated = new IncomingEvent(eventId, "X", "s", "s", null, null, 1, "k", "{}", null);
        assertThat(CommandContext.causedBy(uncorrelated).correlationId()).isEqualTo(eventId.toString());
    }

    @Test
    void a_timer_keeps_its_streams_correlation_and_a_confirmation_starts_the_purchase() {
        assertThat(CommandContext.forTimer("cart-1", "event-7")).isEqualTo(new CommandContext("cart-1", "event-7", null));
        UUID cart = UUID.randomUUID();
        CommandContext confirm = CommandContext.ofRequest("client-corr", "u").correlatedWith(cart);
        assertThat(confirm.correlationId()).isEqualTo(cart.toString());
        assertThat(confirm.causationId()).startsWith("request:");
    }
}
