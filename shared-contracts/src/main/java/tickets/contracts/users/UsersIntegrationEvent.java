package tickets.contracts.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.UUID;

/**
 * What the Users context publishes on {@code users.events}. {@code userId} is the identity
 * provider's user id, i.e. the {@code sub} of the user's tokens. Never a password or a token.
 */
public sealed interface UsersIntegrationEvent {

    int SCHEMA_VERSION = 1;

    UUID userId();

    /** Exactly one of these at a time. */
    enum Role { CUSTOMER, ADMIN }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserRegistered(UUID userId, String username, String email, String displayName, Role role)
            implements UsersIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserRoleUpdated(UUID userId, Role previousRole, Role role) implements UsersIntegrationEvent {
    }
}
