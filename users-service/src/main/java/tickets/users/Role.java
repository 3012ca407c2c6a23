package tickets.users;

import tickets.eventsourcing.ValidationException;

import java.util.Locale;

/** A user's one role; its name is also the Keycloak realm role. */
public enum Role {
    CUSTOMER,
    ADMIN;

    public String realmRole() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code customer} or {@code admin} (any case); anything else is a 400. */
    public static Role parse(String value) {
        ValidationException.required(value, "role");
        for (Role role : values()) {
            if (role.realmRole().equalsIgnoreCase(value.strip())) {
                return role;
            }
        }
        throw ValidationException.field("role", "must be customer or admin");
    }
}
