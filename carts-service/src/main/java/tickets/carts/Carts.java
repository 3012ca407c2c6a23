package tickets.carts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tickets.carts.CartCommand.AddTicketToCart;
import tickets.carts.CartCommand.ConfirmCart;
import tickets.carts.CartRules.CartNotFound;
import tickets.carts.CartRules.PurchaseInProgress;
import tickets.carts.projections.CartView;
import tickets.carts.projections.Catalog;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;

import java.util.List;
import java.util.UUID;

/** The cart commands that need the catalog or the one-purchase-in-flight rule before the aggregate decides. */
@ApplicationScoped
public class Carts {

    private static final String CLAIM = """
            insert into purchase_in_flight (user_id, cart_id) values (:userId, :cartId) on conflict do nothing""";

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
     * Confirms for {@code userId}: claims the user's one purchase slot (the table's primary key is
     * the rule, so concurrent confirmations by one user cannot both pass), prices the lines from
     * the catalog, and lets the aggregate decide, all in one transaction.
     */
    public Uni<CommandResult<Cart, CartEvent>> confirm(UUID cartId, UUID userId, ExpectedVersion expected,
                                                      CommandContext context) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM).setParameter("userId", userId)
                        .setParameter("cartId", cartId).executeUpdate()
                        .chain(claimed -> claimed == 1 ? Uni.createFrom().voidItem()
                                : session.createNativeQuery("select cart_id from purchase_in_flight where user_id = :userId",
                                        UUID.class).setParameter("userId", userId).getSingleResult()
                                .invoke(inFlight -> {
                                    if (!inFlight.equals(cartId)) {
                                        throw new PurchaseInProgress();
                                    }
                                }).replaceWithVoid()))
                .chain(() -> CartView.<CartView>findById(cartId))
                .chain(view -> {
                    if (view == null) {
                        throw new CartNotFound(cartId);
                    }
                    List<CartLine> lines = view.lines.lines().stream()
                            .map(l -> new CartLine(l.concertId(), l.ticketLevel(), l.quantity())).toList();
                    return catalog.entries(lines);
                })
                .chain(entries -> commands.handle(carts, cartId, expected, new ConfirmCart(cartId, userId, entries),
                        context)));
    }
}
