package tickets.reservations.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.eventsourcing.inbox.IntegrationBatchHandler.Received;
import tickets.eventsourcing.inbox.Inbox;
import tickets.reservations.Reservations;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The saga's step CartConfirmed → ReservationCreated (one per concert) | ReservationRejected, a
 * batch of carts per transaction (the channel is consumed in batches: a flash sale's carts for one
 * level are decided hundreds at a time, not one commit each).
 */
@ApplicationScoped
public class CartConfirmedHandler {

    @Inject
    Inbox inbox;
    @Inject
    Reservations reservations;
    @Inject
    MeterRegistry metrics;

    @Incoming("carts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        // the decisions of the attempt that committed: a batch retried after a failure is counted once
        AtomicReference<Reservations.Decided> committed = new AtomicReference<>();
        return inbox.handleBatch(batch, CartsIntegrationEvent.class, events -> {
            List<Received<CartConfirmed>> confirmed = new ArrayList<>(events.size());
            for (Received<CartsIntegrationEvent> received : events) {
                switch (received.event()) {
                    case CartConfirmed cart -> confirmed.add(new Received<>(cart, received.context()));
                }
            }
            return reservations.reserveAll(confirmed).invoke(committed::set).replaceWithVoid();
        }).invoke(() -> {
            Reservations.Decided decided = committed.get();
            if (decided != null) {
                metrics.counter(DECIDED, "outcome", "held").increment(decided.held());
                metrics.counter(DECIDED, "outcome", "rejected").increment(decided.rejected());
            }
        });
    }

    /** Carts decided, by outcome: its rate is the reservations decided per second ({@code tickets_reservations_decided_total}). */
    static final String DECIDED = "tickets.reservations.decided";

    /** Both outcomes exist from the start, at 0, so a rate over them is defined before the first sale. */
    void registerAtZero(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        metrics.counter(DECIDED, "outcome", "held");
        metrics.counter(DECIDED, "outcome", "rejected");
    }
}
