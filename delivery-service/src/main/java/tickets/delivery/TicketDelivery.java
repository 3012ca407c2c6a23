package tickets.delivery;

import tickets.contracts.ShippingAddress;
import tickets.delivery.DeliveryCommand.AdmitTicket;
import tickets.delivery.DeliveryCommand.DeliverOnlineTicket;
import tickets.delivery.DeliveryCommand.DeliverPrintedTicket;
import tickets.delivery.DeliveryCommand.IssuedTicket;
import tickets.delivery.DeliveryCommand.Line;
import tickets.delivery.DeliveryCommand.PrepareTicketDelivery;
import tickets.delivery.DeliveryCommand.RevokeTickets;
import tickets.delivery.DeliveryEvent.OnlineTicketDelivered;
import tickets.delivery.DeliveryEvent.PreparedTicket;
import tickets.delivery.DeliveryEvent.PrintedTicketDelivered;
import tickets.delivery.DeliveryEvent.TicketAdmitted;
import tickets.delivery.DeliveryEvent.TicketDeliveryPrepared;
import tickets.delivery.DeliveryEvent.TicketsRevoked;
import tickets.delivery.DeliveryRules.AlreadyDispatched;
import tickets.delivery.DeliveryRules.LevelNotKnownYet;
import tickets.delivery.DeliveryRules.NoShippingAddress;
import tickets.delivery.DeliveryRules.NotOneTicketPerUnit;
import tickets.delivery.DeliveryRules.TicketAlreadyAdmitted;
import tickets.delivery.DeliveryRules.TicketNotDelivered;
import tickets.delivery.DeliveryRules.TicketNotFound;
import tickets.delivery.DeliveryRules.TicketRevoked;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The tickets of one completed order: one per unit bought, each delivered by its level's method
 * (online at once, or posted by the box office), revoked when the order can no longer stand, and
 * admitted at the door at most once.
 */
public record TicketDelivery(UUID orderId, Status status, UUID purchaseId, UUID userId, UUID concertId,
                             ShippingAddress shippingAddress, Map<UUID, Ticket> tickets, String revokedReason,
                             Instant preparedAt) {

    public enum Status { NONE, PREPARED, REVOKED }

    public enum TicketStatus { PENDING, DELIVERED, REVOKED }

    public record Ticket(UUID ticketId, String ticketLevel, DeliveryMethod method, String code, TicketStatus status,
                         Instant deliveredAt, String carrier, String trackingNumber, Instant admittedAt) {

        Ticket with(TicketStatus newStatus, Instant newDeliveredAt, String newCarrier, String newTracking,
                    Instant newAdmittedAt) {
            return new Ticket(ticketId, ticketLevel, method, code, newStatus, newDeliveredAt, newCarrier, newTracking,
                    newAdmittedAt);
        }
    }

    public static final TicketDelivery INITIAL = new TicketDelivery(null, Status.NONE, null, null, null, null, Map.of(),
            null, null);

    public static List<DeliveryEvent> decide(DeliveryCommand command, TicketDelivery state) {
        return switch (command) {
            case PrepareTicketDelivery prepare -> state.status != Status.NONE ? List.of() : prepare(prepare);
            case DeliverOnlineTicket deliver -> {
                Ticket ticket = state.deliverable(deliver.ticketId(), DeliveryMethod.ONLINE);
                yield ticket.status() == TicketStatus.DELIVERED ? List.of()
                        : List.of(new OnlineTicketDelivered(state.purchaseId, state.userId, ticket.ticketId(), deliver.at()));
            }
            case DeliverPrintedTicket post -> {
                Ticket ticket = state.deliverable(post.ticketId(), DeliveryMethod.PRINTED);
                if (ticket.status() == TicketStatus.DELIVERED) {
                    if (ticket.carrier().equals(post.carrier()) && ticket.trackingNumber().equals(post.trackingNumber())) {
                        yield List.of(); // the same dispatch told twice
                    }
                    throw new AlreadyDispatched(ticket.ticketId(), ticket.carrier(), ticket.trackingNumber());
                }
                if (state.shippingAddress == null) {
                    throw new NoShippingAddress(ticket.ticketId());
                }
                yield List.of(new PrintedTicketDelivered(state.purchaseId, state.userId, ticket.ticketId(), post.carrier(), post.trackingNumber(),
                        post.at()));
            }
            case RevokeTickets revoke -> state.status != Status.PREPARED ? List.of()
                    : List.of(new TicketsRevoked(state.purchaseId, state.userId, List.copyOf(state.tickets.keySet()), revoke.reason(), revoke.at()));
            case AdmitTicket admit -> {
                Ticket ticket = state.ticket(admit.ticketId());
                if (ticket.status() == TicketStatus.REVOKED) {
                    throw new TicketRevoked(ticket.ticketId(), state.revokedReason);
                }
                if (ticket.admittedAt() != null) {
                    throw new TicketAlreadyAdmitted(ticket.ticketId(), ticket.admittedAt());
                }
                if (ticket.status() != TicketStatus.DELIVERED) {
                    throw new TicketNotDelivered(ticket.ticketId());
                }
                yield List.of(new TicketAdmitted(state.purchaseId, state.userId, ticket.ticketId(), admit.at()));
            }
        };
    }

    private static List<DeliveryEvent> prepare(PrepareTicketDelivery prepare) {
        Map<String, Integer> bought = new LinkedHashMap<>();
        for (Line line : prepare.lines()) {
            bought.merge(key(line.ticketLevel()), line.quantity(), Integer::sum);
        }
        for (var entry : bought.entrySet()) {
            long issued = prepare.tickets().stream().filter(t -> key(t.ticketLevel()).equals(entry.getKey())).count();
            if (issued != entry.getValue()) {
                throw new NotOneTicketPerUnit(entry.getKey(), entry.getValue(), issued);
            }
        }
        if (prepare.tickets().stream().anyMatch(t -> !bought.containsKey(key(t.ticketLevel())))
                || prepare.tickets().stream().map(IssuedTicket::ticketId).distinct().count() != prepare.tickets().size()) {
            throw new NotOneTicketPerUnit("(other)", 0, prepare.tickets().size());
        }
        List<PreparedTicket> tickets = prepare.tickets().stream().map(t -> {
            DeliveryMethod method = prepare.methods().get(key(t.ticketLevel()));
            if (method == null) {
                throw new LevelNotKnownYet(prepare.concertId(), t.ticketLevel());
            }
            return new PreparedTicket(t.ticketId(), t.ticketLevel(), method, t.code());
        }).toList();
        boolean printed = tickets.stream().anyMatch(t -> t.method() == DeliveryMethod.PRINTED);
        return List.of(new TicketDeliveryPrepared(prepare.orderId(), prepare.purchaseId(), prepare.userId(),
                prepare.concertId(), tickets, printed ? prepare.shippingAddress() : null, prepare.at()));
    }

    public static TicketDelivery evolve(TicketDelivery state, DeliveryEvent event) {
        return switch (event) {
            case TicketDeliveryPrepared prepared -> {
                Map<UUID, Ticket> tickets = new LinkedHashMap<>();
                for (PreparedTicket t : prepared.tickets()) {
                    tickets.put(t.ticketId(), new Ticket(t.ticketId(), t.ticketLevel(), t.method(), t.code(),
                            TicketStatus.PENDING, null, null, null, null));
                }
                yield new TicketDelivery(prepared.orderId(), Status.PREPARED, prepared.purchaseId(), prepared.userId(),
                        prepared.concertId(), prepared.shippingAddress(), tickets, null, prepared.at());
            }
            case OnlineTicketDelivered delivered -> state.change(delivered.ticketId(),
                    t -> t.with(TicketStatus.DELIVERED, delivered.at(), null, null, t.admittedAt()));
            case PrintedTicketDelivered posted -> state.change(posted.ticketId(),
                    t -> t.with(TicketStatus.DELIVERED, posted.at(), posted.carrier(), posted.trackingNumber(),
                            t.admittedAt()));
            case TicketAdmitted admitted -> state.change(admitted.ticketId(),
                    t -> t.with(t.status(), t.deliveredAt(), t.carrier(), t.trackingNumber(), admitted.at()));
            case TicketsRevoked revoked -> {
                Map<UUID, Ticket> tickets = new LinkedHashMap<>();
                state.tickets.forEach((id, t) -> tickets.put(id, revoked.ticketIds().contains(id)
                        ? t.with(TicketStatus.REVOKED, t.deliveredAt(), t.carrier(), t.trackingNumber(), t.admittedAt())
                        : t));
                yield new TicketDelivery(state.orderId, Status.REVOKED, state.purchaseId, state.userId, state.concertId,
                        state.shippingAddress, tickets, revoked.reason(), state.preparedAt);
            }
        };
    }

    private TicketDelivery change(UUID ticketId, java.util.function.UnaryOperator<Ticket> change) {
        Map<UUID, Ticket> changed = new LinkedHashMap<>(tickets);
        changed.computeIfPresent(ticketId, (id, t) -> change.apply(t));
        return new TicketDelivery(orderId, status, purchaseId, userId, concertId, shippingAddress, changed, revokedReason,
                preparedAt);
    }

    private Ticket ticket(UUID ticketId) {
        Ticket ticket = tickets.get(ticketId);
        if (ticket == null) {
            throw new TicketNotFound(ticketId);
        }
        return ticket;
    }

    /** A ticket that may be delivered by {@code method}: it exists, is not revoked, and that is its level's method. */
    private Ticket deliverable(UUID ticketId, DeliveryMethod method) {
        Ticket ticket = ticket(ticketId);
        if (ticket.status() == TicketStatus.REVOKED) {
            throw new TicketRevoked(ticketId, revokedReason);
        }
        if (ticket.method() != method) {
            throw new DeliveryRules.WrongDeliveryMethod(ticketId, ticket.method());
        }
        return ticket;
    }

    static String key(String level) {
        return level.toLowerCase(Locale.ROOT);
    }
}
