package tickets.users;

import tickets.users.UserCommand.Profile;
import tickets.users.UserCommand.RegisterUser;
import tickets.users.UserCommand.UpdateUserRole;
import tickets.users.UserEvent.UserRegistered;
import tickets.users.UserEvent.UserRoleUpdated;
import tickets.users.UserRules.LastAdminCannotBeDemoted;
import tickets.users.UserRules.UserAlreadyRegistered;
import tickets.users.UserRules.UserNotFound;

import java.util.List;
import java.util.UUID;

/** A user account: a profile and exactly one role at any time. Pure decide/evolve. */
public record User(UUID id, Profile profile, Role role) {

    public static final User INITIAL = new User(null, null, null);

    public boolean exists() {
        return id != null;
    }

    public static List<UserEvent> decide(UserCommand command, User state) {
        return switch (command) {
            case RegisterUser register -> {
                if (state.exists()) {
                    throw new UserAlreadyRegistered("user " + register.userId());
                }
                yield List.of(new UserRegistered(register.userId(), register.profile(), register.role()));
            }
            case UpdateUserRole update -> {
                if (!state.exists()) {
                    throw new UserNotFound(update.userId());
                }
                if (update.role() == state.role()) {
                    yield List.of();
                }
                if (state.role() == Role.ADMIN && update.currentAdmins() <= 1) {
                    throw new LastAdminCannotBeDemoted(update.userId());
                }
                yield List.of(new UserRoleUpdated(update.userId(), state.role(), update.role()));
            }
        };
    }

    public static User evolve(User state, UserEvent event) {
        return switch (event) {
            case UserRegistered registered -> new User(registered.userId(), registered.profile(), registered.role());
            case UserRoleUpdated updated -> new User(state.id(), state.profile(), updated.role());
        };
    }
}
