package tickets.concerts;

import tickets.contracts.Money;
import tickets.eventsourcing.ValidationException;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A ticket level of a concert (e.g. "Regular", "Golden Circle"): capacity, price and how its tickets are delivered. */
public record TicketLevel(String name, int capacity, Money price, DeliveryMethod deliveryMethod) {

    public static final int MAX_NAME_LENGTH = 60;
    /** No venue holds more, and the bound keeps every sum of tickets far from overflowing. */
    public static final int MAX_CAPACITY = 1_000_000;
    /** One ticket costs at most this many minor units (ten million of a two-decimal currency). */
    public static final long MAX_PRICE_MINOR = 1_000_000_000L;

    public TicketLevel {
        name = ValidationException.text(name, "name", MAX_NAME_LENGTH);
        ValidationException.require(capacity >= 0, "capacity", "must not be negative");
        ValidationException.require(capacity <= MAX_CAPACITY, "capacity", "must be at most " + MAX_CAPACITY);
        ValidationException.required(price, "price");
        ValidationException.require(price.amountMinor() <= MAX_PRICE_MINOR, "priceMinor",
                "must be at most " + MAX_PRICE_MINOR + " minor units");
        ValidationException.required(deliveryMethod, "deliveryMethod");
    }

    /** A concert's levels: at least one, at most 50, and no two with the same name (ignoring case). */
    public static List<TicketLevel> validLevels(List<TicketLevel> levels) {
        ValidationException.require(levels != null && !levels.isEmpty(), "ticketLevels", "at least one ticket level is required");
        ValidationException.require(levels.size() <= 50, "ticketLevels", "at most 50 ticket levels");
        Set<String> names = new HashSet<>();
        for (TicketLevel level : levels) {
            ValidationException.require(level != null, "ticketLevels", "must not contain null");
            ValidationException.require(names.add(level.name().toLowerCase(Locale.ROOT)), "ticketLevels",
                    "duplicate ticket level '" + level.name() + "'");
        }
        return List.copyOf(levels);
    }
}
