package tickets.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Locale;
import java.util.Set;

/**
 * Where printed tickets are posted: given when a cart with a PRINTED level is confirmed, carried
 * by the purchase's events (CartConfirmed, ReservationCreated, OrderCompleted) to delivery.
 * Bounded plain text; {@code country} is an ISO 3166-1 alpha-2 code.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShippingAddress(String name, String line1, String line2, String postalCode, String city, String country) {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public ShippingAddress {
        name = text(name, "shippingAddress.name", true, 200);
        line1 = text(line1, "shippingAddress.line1", true, 200);
        line2 = text(line2, "shippingAddress.line2", false, 200);
        postalCode = text(postalCode, "shippingAddress.postalCode", true, 20);
        city = text(city, "shippingAddress.city", true, 100);
        country = text(country, "shippingAddress.country", true, 2);
        InvalidValue.require(COUNTRIES.contains(country), "shippingAddress.country",
                "must be an ISO 3166-1 alpha-2 country code such as DE");
    }

    private static String text(String value, String field, boolean required, int maxLength) {
        if (value == null || value.isBlank()) {
            InvalidValue.require(!required, field, "is required");
            return null;
        }
        String trimmed = value.strip();
        InvalidValue.require(trimmed.length() <= maxLength, field, "must be at most " + maxLength + " characters");
        InvalidValue.require(trimmed.codePoints().noneMatch(Character::isISOControl), field,
                "must not contain control characters");
        return trimmed;
    }
}
