package tickets.contracts.delivery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the Delivery context publishes on {@code delivery.events}: one delivery per completed
 * order, one ticket per unit bought. Ticket codes (the signed tokens a door admits) are never
 * published: they are credentials, shown only to the ticket's holder.
 */
public sealed interface DeliveryIntegrationEvent {

    int SCHEMA_VERSION = 1;

    UUID orderId();

    UUID purchaseId();

    /** How tickets of a level reach the customer (the concert's ticket level says which). */
    enum Method { ONLINE, PRINTED }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ticket(UUID ticketId, String ticketLevel, Method method) {
    }

    /** The order's tickets exist and are signed; online ones are delivered next, printed ones wait for dispatch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TicketDeliveryPrepared(UUID orderId, UUID purchaseId, UUID userId, UUID concertId, List<Ticket> tickets)
            implements DeliveryIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OnlineTicketDelivered(UUID orderId, UUID purchaseId, UUID userId, UUID ticketId, Instant deliveredAt)
            implements DeliveryIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PrintedTicketDelivered(UUID orderId, UUID purchaseId, UUID userId, UUID ticketId, String carrier,
                                  String trackingNumber, Instant dispatchedAt) implements DeliveryIntegrationEvent {
    }

    /** The order was compensated (or its concert cancelled): its tickets no longer admit anyone. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TicketsRevoked(UUID orderId, UUID purchaseId, UUID userId, List<UUID> ticketIds, String reason)
            implements DeliveryIntegrationEvent {
    }

    /** A ticket was admitted at the door (once). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TicketAdmitted(UUID orderId, UUID purchaseId, UUID userId, UUID ticketId, Instant admittedAt)
            implements DeliveryIntegrationEvent {
    }
}
