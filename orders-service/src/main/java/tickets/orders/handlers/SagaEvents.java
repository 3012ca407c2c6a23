package tickets.orders.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.eventsourcing.inbox.Inbox;

import java.util.List;

/**
 * The saga's topics on one channel (one consumer, one poll, one transaction per batch across them): the steps of a
 * purchase that arrive together from carts, reservations, payments, delivery and finance are one commit, and they
 * never queue on each other's purchase locks as one channel per topic did. Concert events keep a channel of their own
 * ({@link ConcertsHandler}): a cancellation takes its concert's lock alone.
 */
@ApplicationScoped
public class SagaEvents {

    @Inject
    Inbox inbox;
    @Inject
    CartsHandler carts;
    @Inject
    ReservationsHandler reservations;
    @Inject
    PaymentsHandler payments;
    @Inject
    DeliveryHandler delivery;
    @Inject
    FinanceHandler finance;

    @Incoming("saga")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, List.of(carts.route(), reservations.route(), payments.route(), delivery.route(),
                finance.route()));
    }
}
