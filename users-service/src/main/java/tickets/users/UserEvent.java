package tickets.users;

import tickets.users.UserCommand.Profile;

import java.util.UUID;

/** The Users context's domain events. They never carry a password or a token. */
public sealed interface UserEvent {

    UUID userId();

    record UserRegistered(UUID userId, Profile profile, Role role) implements UserEvent {
    }

    record UserRoleUpdated(UUID userId, Role previousRole, Role role) implements UserEvent {
    }
}
