package tickets.carts;

import tickets.carts.CartCommand.AddTicketToCart;
import tickets.carts.CartCommand.ClearCart;
import tickets.carts.CartCommand.ConfirmCart;
import tickets.carts.CartCommand.CreateCart;
import tickets.carts.CartCommand.RemoveTicketFromCart;
import tickets.carts.CartEvent.CartCleared;
import tickets.carts.CartEvent.CartConfirmed;
import tickets.carts.CartEvent.CartCreated;
import tickets.carts.CartEvent.ConfirmedLine;
import tickets.carts.CartEvent.TicketAddedToCart;
import tickets.carts.CartEvent.TicketRemovedFromCart;
import tickets.carts.CartRules.CartAlreadyConfirmed;
import tickets.carts.CartRules.ShippingAddressRequired;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.carts.CartRules.CartAlreadyExists;
import tickets.carts.CartRules.CartIsEmpty;
import tickets.carts.CartRules.CartNotFound;
import tickets.carts.CartRules.CartOfAnotherCustomer;
import tickets.carts.CartRules.TooManyLines;
import tickets.carts.CartRules.TotalTooLarge;
import tickets.carts.CartRules.ConcertCancelled;
import tickets.carts.CartRules.MixedCurrencies;
import tickets.carts.CartRules.OverPerOrderLimit;
import tickets.carts.CartRules.UnknownTicketLevel;

import tickets.contracts.InvalidValue;
import tickets.contracts.Money;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A shopping cart: one line per (concert, level), positive quantities, only tickets the catalog
 * offers; once confirmed (by a logged-in customer, priced from the catalog) it is closed and
 * belongs to that customer.
 */
public record Cart(UUID id, Status status, List<CartLine> lines, UUID userId, List<ConfirmedLine> confirmedLines,
                   Money total) {

    public enum Status { NOT_CREATED, OPEN, CONFIRMED }

    /** One line per concert and level; more lines than this is not a purchase anyone makes. */
    public static final int MAX_LINES = 20;

    public static final Cart INITIAL = new Cart(null, Status.NOT_CREATED, List.of(), null, List.of(), null);

    public static List<CartEvent> decide(CartCommand command, Cart state) {
        return switch (command) {
            case CreateCart create -> {
                if (state.status != Status.NOT_CREATED) {
                    throw new CartAlreadyExists(create.cartId());
                }
                yield List.of(new CartCreated(create.cartId()));
            }
            case AddTicketToCart add -> {
                state.requireOpen(add.cartId());
                CartLine line = add.line();
                CatalogEntry catalog = add.catalog();
                if (catalog == null) {
                    throw new UnknownTicketLevel(line.concertId(), line.ticketLevel());
                }
                if (catalog.concertCancelled()) {
                    throw new ConcertCancelled(line.concertId());
                }
                int already = state.quantityOf(line.concertId(), line.ticketLevel());
                if (already + line.quantity() > add.perOrderLimit()) {
                    throw new OverPerOrderLimit(add.perOrderLimit());
                }
                if (already == 0 && state.lines.size() >= MAX_LINES) {
                    throw new TooManyLines(MAX_LINES);
                }
                yield List.of(new TicketAddedToCart(add.cartId(), line.concertId(), catalog.ticketLevel(), line.quantity()));
            }
            case RemoveTicketFromCart remove -> {
                state.requireOpen(remove.cartId());
                yield state.quantityOf(remove.concertId(), remove.ticketLevel()) == 0 ? List.of()
                        : List.of(new TicketRemovedFromCart(remove.cartId(), remove.concertId(),
                                state.levelName(remove.concertId(), remove.ticketLevel())));
            }
            case ClearCart clear -> {
                state.requireOpen(clear.cartId());
                yield state.lines.isEmpty() ? List.of() : List.of(new CartCleared(clear.cartId()));
            }
            case ConfirmCart confirm -> {
                if (state.status == Status.CONFIRMED) {
                    if (!confirm.userId().equals(state.userId)) {
                        throw new CartOfAnotherCustomer(confirm.cartId());
                    }
                    yield List.of(); // confirming twice is not an error, and claims nothing again
                }
                state.requireOpen(confirm.cartId());
                if (state.lines.isEmpty()) {
                    throw new CartIsEmpty(confirm.cartId());
                }
                List<ConfirmedLine> priced = new ArrayList<>();
                Money total = null;
                for (CartLine line : state.lines) {
                    CatalogEntry entry = confirm.catalog().stream()
                            .filter(c -> line.isFor(c.concertId(), c.ticketLevel())).findFirst()
                            .orElseThrow(() -> new UnknownTicketLevel(line.concertId(), line.ticketLevel()));
                    if (entry.concertCancelled()) {
                        throw new ConcertCancelled(line.concertId());
                    }
                    if (total != null && !total.currency().equals(entry.unitPrice().currency())) {
                        throw new MixedCurrencies();
                    }
                    priced.add(new ConfirmedLine(line.concertId(), line.ticketLevel(), line.quantity(),
                            entry.unitPrice().amountMinor()));
                    try {
                        Money lineTotal = entry.unitPrice().times(line.quantity());
                        total = total == null ? lineTotal : total.plus(lineTotal);
                    } catch (InvalidValue tooLarge) {
                        throw new TotalTooLarge();
                    }
                }
                boolean printed = confirm.catalog().stream().anyMatch(entry -> entry.deliveryMethod() == DeliveryMethod.PRINTED
                        && state.lines.stream().anyMatch(line -> line.isFor(entry.concertId(), entry.ticketLevel())));
                if (printed && confirm.shippingAddress() == null) {
                    throw new ShippingAddressRequired();
                }
                // an address is personal data: kept only where a ticket goes by post
                yield List.of(new CartConfirmed(confirm.cartId(), confirm.userId(), priced, total.amountMinor(),
                        total.currency(), printed ? confirm.shippingAddress() : null));
            }
        };
    }

    public static Cart evolve(Cart state, CartEvent event) {
        return switch (event) {
            case CartCreated created -> new Cart(created.cartId(), Status.OPEN, List.of(), null, List.of(), null);
            case TicketAddedToCart added -> {
                List<CartLine> lines = new ArrayList<>();
                boolean merged = false;
                for (CartLine line : state.lines) {
                    if (line.isFor(added.concertId(), added.ticketLevel())) {
                        lines.add(new CartLine(line.concertId(), line.ticketLevel(), line.quantity() + added.quantity()));
                        merged = true;
                    } else {
                        lines.add(line);
                    }
                }
                if (!merged) {
                    lines.add(new CartLine(added.concertId(), added.ticketLevel(), added.quantity()));
                }
                yield state.withLines(lines);
            }
            case TicketRemovedFromCart removed -> state.withLines(state.lines.stream()
                    .filter(line -> !line.isFor(removed.concertId(), removed.ticketLevel())).toList());
            case CartCleared cleared -> state.withLines(List.of());
            case CartConfirmed confirmed -> new Cart(state.id, Status.CONFIRMED, state.lines, confirmed.userId(),
                    confirmed.lines(), Money.of(confirmed.totalMinor(), confirmed.currency()));
        };
    }

    public int quantityOf(UUID concertId, String level) {
        return lines.stream().filter(line -> line.isFor(concertId, level)).mapToInt(CartLine::quantity).sum();
    }

    private String levelName(UUID concertId, String level) {
        return lines.stream().filter(line -> line.isFor(concertId, level)).findFirst().map(CartLine::ticketLevel)
                .orElse(level);
    }

    private Cart withLines(List<CartLine> newLines) {
        return new Cart(id, status, List.copyOf(newLines), userId, confirmedLines, total);
    }

    private void requireOpen(UUID cartId) {
        if (status == Status.NOT_CREATED) {
            throw new CartNotFound(cartId);
        }
        if (status == Status.CONFIRMED) {
            throw new CartAlreadyConfirmed(cartId);
        }
    }
}
