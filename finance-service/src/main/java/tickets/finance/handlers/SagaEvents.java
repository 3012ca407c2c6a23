package tickets.finance.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.eventsourcing.inbox.Inbox;

import java.util.List;

/**
 * Every topic finance reads, on one channel (one consumer, one poll, one transaction per batch across them): the
 * facts of a purchase the invoice and the audit need arrive from six topics, and those that arrive together are one
 * commit instead of up to six, without queueing on each other's purchase locks.
 */
@ApplicationScoped
public class SagaEvents {

    @Inject
    Inbox inbox;
    @Inject
    UsersHandler users;
    @Inject
    OrdersHandler orders;
    @Inject
    ReservationsHandler reservations;
    @Inject
    PaymentsHandler payments;
    @Inject
    DeliveryHandler delivery;
    @Inject
    ConcertsHandler concerts;

    @Incoming("saga")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, List.of(users.route(), orders.route(), reservations.route(), payments.route(),
                delivery.route(), concerts.route()));
    }
}
