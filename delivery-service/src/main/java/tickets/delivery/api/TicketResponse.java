package tickets.delivery.api;

import tickets.contracts.ShippingAddress;
import tickets.delivery.projections.TicketView;

import java.time.Instant;
import java.util.UUID;

/**
 * A ticket as clients see it. {@code code} (the signed token its QR encodes) is shown to the
 * holder of a delivered online ticket and to the box office, never in a list of someone else's.
 */
public record TicketResponse(UUID id, UUID orderId, UUID purchaseId, UUID userId, UUID concertId, String ticketLevel,
                             String method, String status, Instant preparedAt, Instant deliveredAt, String carrier,
                             String trackingNumber, ShippingAddress shippingAddress, Instant admittedAt,
                             String revokedReason, String code) {

    static TicketResponse from(TicketView v, boolean withCode) {
        return new TicketResponse(v.id, v.orderId, v.purchaseId, v.userId, v.concertId, v.ticketLevel, v.method, v.status,
                v.preparedAt, v.deliveredAt, v.carrier, v.trackingNumber, v.shippingAddress, v.admittedAt,
                v.revokedReason, withCode ? v.code : null);
    }

    /** The holder may download or show an online ticket once delivered; the box office any ticket not revoked. */
    static boolean mayHaveCode(TicketView v, boolean admin) {
        if ("REVOKED".equals(v.status)) {
            return false;
        }
        return admin || ("ONLINE".equals(v.method) && "DELIVERED".equals(v.status));
    }
}
