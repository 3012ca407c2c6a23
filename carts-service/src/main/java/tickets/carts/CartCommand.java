package tickets.carts;

import tickets.contracts.ShippingAddress;
import tickets.eventsourcing.ValidationException;

import java.util.List;
import java.util.UUID;

/**
 * What a visitor or customer can do with a cart. The handler looks the catalog up before
 * deciding and passes what it found, so the aggregate stays free of I/O.
 */
public sealed interface CartCommand {

    UUID cartId();

    record CreateCart(UUID cartId) implements CartCommand {
        public CreateCart {
            ValidationException.required(cartId, "cartId");
        }
    }

    /** {@code catalog} is null when the catalog does not know that concert and level. */
    record AddTicketToCart(UUID cartId, CartLine line, CatalogEntry catalog, int perOrderLimit) implements CartCommand {
        public AddTicketToCart {
            ValidationException.required(cartId, "cartId");
            ValidationException.required(line, "line");
        }
    }

    record RemoveTicketFromCart(UUID cartId, UUID concertId, String ticketLevel) implements CartCommand {
        public RemoveTicketFromCart {
            ValidationException.required(cartId, "cartId");
            ValidationException.required(concertId, "concertId");
            ValidationException.required(ticketLevel, "ticketLevel");
        }
    }

    record ClearCart(UUID cartId) implements CartCommand {
        public ClearCart {
            ValidationException.required(cartId, "cartId");
        }
    }

    /**
     * {@code catalog}: the current catalog entry of each line's level (missing ones simply absent);
     * {@code shippingAddress}: where printed tickets go (required when a line's level is PRINTED).
     */
    record ConfirmCart(UUID cartId, UUID userId, List<CatalogEntry> catalog, ShippingAddress shippingAddress)
            implements CartCommand {
        public ConfirmCart {
            ValidationException.required(cartId, "cartId");
            ValidationException.required(userId, "userId");
            catalog = List.copyOf(catalog);
        }
    }
}
