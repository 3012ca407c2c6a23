package tickets.delivery;

import tickets.contracts.ShippingAddress;
import tickets.eventsourcing.ValidationException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What can happen to the delivery of one completed order's tickets (its stream id is the order's). */
public sealed interface DeliveryCommand {

    UUID orderId();

    /** A line of the completed order: {@code quantity} tickets of one level. */
    record Line(String ticketLevel, int quantity) {
    }

    /** A ticket made for the order, its code signed (the signing is the service's; the aggregate checks the count). */
    record IssuedTicket(UUID ticketId, String ticketLevel, String code) {
    }

    /**
     * The order completed: one ticket per unit bought. {@code methods}: each level's delivery
     * method from the concerts projection, keyed by the level's name in lower case.
     */
    record PrepareTicketDelivery(UUID orderId, UUID purchaseId, UUID userId, UUID concertId, List<Line> lines,
                                 Map<String, DeliveryMethod> methods, List<IssuedTicket> tickets,
                                 ShippingAddress shippingAddress, Instant at) implements DeliveryCommand {
        public PrepareTicketDelivery {
            lines = List.copyOf(lines);
            methods = Map.copyOf(methods);
            tickets = List.copyOf(tickets);
        }
    }

    record DeliverOnlineTicket(UUID orderId, UUID ticketId, Instant at) implements DeliveryCommand {
    }

    /** The box office posted a printed ticket. */
    record DeliverPrintedTicket(UUID orderId, UUID ticketId, String carrier, String trackingNumber, Instant at)
            implements DeliveryCommand {
        public DeliverPrintedTicket {
            carrier = ValidationException.required(carrier, "carrier").strip();
            trackingNumber = ValidationException.required(trackingNumber, "trackingNumber").strip();
            ValidationException.require(!carrier.isEmpty() && carrier.length() <= 50
                    && carrier.codePoints().noneMatch(Character::isISOControl), "carrier", "must be 1 to 50 characters");
            ValidationException.require(trackingNumber.matches("[A-Za-z0-9-]{4,40}"), "trackingNumber",
                    "must be 4 to 40 letters, digits or '-'");
        }
    }

    /** The order was compensated or its concert cancelled: none of its tickets admits anyone any more. */
    record RevokeTickets(UUID orderId, String reason, Instant at) implements DeliveryCommand {
    }

    /** A scanned ticket at the door. */
    record AdmitTicket(UUID orderId, UUID ticketId, Instant at) implements DeliveryCommand {
    }
}
