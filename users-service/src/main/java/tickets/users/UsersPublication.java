package tickets.users;

import tickets.contracts.users.UsersIntegrationEvent;
import tickets.eventsourcing.OutgoingMessage;

/** The one place where Users' domain events become its integration events on {@code users.events}. */
public final class UsersPublication {

    private UsersPublication() {
    }

    public static OutgoingMessage toIntegrationEvent(UserEvent event) {
        UsersIntegrationEvent contract = switch (event) {
            case UserEvent.UserRegistered e -> new UsersIntegrationEvent.UserRegistered(e.userId(),
                    e.profile().username(), e.profile().email(), e.profile().displayName(), role(e.role()));
            case UserEvent.UserRoleUpdated e -> new UsersIntegrationEvent.UserRoleUpdated(e.userId(),
                    role(e.previousRole()), role(e.role()));
        };
        return OutgoingMessage.of(contract, UsersIntegrationEvent.SCHEMA_VERSION);
    }

    private static UsersIntegrationEvent.Role role(Role role) {
        return UsersIntegrationEvent.Role.valueOf(role.name());
    }
}
