package tickets.delivery;

import tickets.contracts.ShippingAddress;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The Delivery context's events of one order's tickets. Codes stay in this service's own store. */
public sealed interface DeliveryEvent {

    /** A ticket as prepared: its level's method and its signed code. */
    record PreparedTicket(UUID ticketId, String ticketLevel, DeliveryMethod method, String code) {
    }

    record TicketDeliveryPrepared(UUID orderId, UUID purchaseId, UUID userId, UUID concertId,
                                  List<PreparedTicket> tickets, ShippingAddress shippingAddress, Instant at)
            implements DeliveryEvent {
    }

    record OnlineTicketDelivered(UUID purchaseId, UUID userId, UUID ticketId, Instant at) implements DeliveryEvent {
    }

    record PrintedTicketDelivered(UUID purchaseId, UUID userId, UUID ticketId, String carrier, String trackingNumber, Instant at)
            implements DeliveryEvent {
    }

    record TicketsRevoked(UUID purchaseId, UUID userId, List<UUID> ticketIds, String reason, Instant at) implements DeliveryEvent {
    }

    record TicketAdmitted(UUID purchaseId, UUID userId, UUID ticketId, Instant at) implements DeliveryEvent {
    }
}
