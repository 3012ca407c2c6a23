package tickets.concerts;

import tickets.eventsourcing.ValidationException;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A ticket level of a concert (e.g. "Regular", "Golden Circle"): capacity, price and how its tickets are delivered. */
public record TicketLevel(String name, int capacity, Money price, DeliveryMethod deliveryMethod) {

    public static final int MAX_NAME_LENGTH = 60;

    public TicketLevel {
        ValidationException.required(name, "name");
        name = name.strip();
        ValidationException.require(name.length() <= MAX_NAME_LENGTH, "name", "must be at most " + MAX_NAME_LENGTH + " characters");
        ValidationException.require(capacity >= 0, "capacity", "must not be negative");
        ValidationException.required(price, "price");
        ValidationException.required(deliveryMethod, "deliveryMethod");
    }

    /** A concert's levels: at least one, and no two with the same name (ignoring case). */
    public static List<TicketLevel> validLevels(List<TicketLevel> levels) {
        ValidationException.require(levels != null && !levels.isEmpty(), "ticketLevels", "at least one ticket level is required");
        Set<String> names = new HashSet<>();
        for (TicketLevel level : levels) {
            ValidationException.require(level != null, "ticketLevels", "must not contain null");
            ValidationException.require(names.add(level.name().toLowerCase(Locale.ROOT)), "ticketLevels",
                    "duplicate ticket level '" + level.name() + "'");
        }
        return List.copyOf(levels);
    }
}
