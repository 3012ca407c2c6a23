package tickets.carts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tickets.carts.CartCommand.AddTicketToCart;
import tickets.carts.CartCommand.ConfirmCart;
import tickets.carts.CartRules.CartNotFound;
import tickets.carts.projections.CartView;
import tickets.carts.projections.Catalog;
import tickets.contracts.ShippingAddress;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;

import java.util.List;
import java.util.UUID;

/** The cart commands that need the catalog before the aggregate decides. */
@ApplicationScoped
public class Carts {

    @Inject
    CommandHandler commands;
    @Inject
    CartAggregate carts;
    @Inject
    Catalog catalog;
    @ConfigProperty(name = "tickets.carts.per-order-limit", defaultValue = "10")
    int perOrderLimit;

    public Uni<CommandResult<Cart, CartEvent>> handle(UUID cartId, ExpectedVersion expected, CartCommand command,
                                                     CommandContext context) {
        return commands.handle(carts, cartId, expected, command, context);
    }

    public Uni<CommandResult<Cart, CartEvent>> add(UUID cartId, CartLine line, ExpectedVersion expected,
                                                  CommandContext context) {
        return Panache.withTransaction(() -> catalog.entry(line.concertId(), line.ticketLevel())
                .chain(entry -> commands.handle(carts, cartId, expected,
                        new AddTicketToCart(cartId, line, entry, perOrderLimit), context)));
    }

    /**
     * Confirms for {@code userId}: prices the lines from the catalog and lets the aggregate decide.
     * The user's one purchase slot is claimed only when a confirmation is actually recorded (see
     * {@link CartAggregate#react}), so confirming again claims nothing.
     */
    public Uni<CommandResult<Cart, CartEvent>> confirm(UUID cartId, UUID userId, ShippingAddress shippingAddress,
                                                      ExpectedVersion expected, CommandContext context) {
        return Panache.withTransaction(() -> CartView.<CartView>findById(cartId)
                .chain(view -> {
                    if (view == null) {
                        throw new CartNotFound(cartId);
                    }
                    List<CartLine> lines = view.lines.lines().stream()
                            .map(l -> new CartLine(l.concertId(), l.ticketLevel(), l.quantity())).toList();
                    return catalog.entries(lines);
                })
                .chain(entries -> commands.handle(carts, cartId, expected, new ConfirmCart(cartId, userId, entries, shippingAddress),
                        context)));
    }
}
