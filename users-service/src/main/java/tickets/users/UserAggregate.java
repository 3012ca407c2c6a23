package tickets.users;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import tickets.eventsourcing.Appended;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.eventsourcing.RecordedEvent;
import tickets.eventsourcing.timers.DueWork;
import tickets.users.UserRules.UserAlreadyRegistered;
import tickets.users.identity.KeycloakRoleSync;
import tickets.users.projections.UserProjection;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The User aggregate as the command handler sees it. */
@Singleton // stateless; constructor-injected, so no client proxy
public class UserAggregate extends EventSourcedAggregate<User, UserCommand, UserEvent> {

    private final DueWork dueWork;

    @Inject
    public UserAggregate(UserProjection readModel, DueWork dueWork) {
        super("User", UserEvent.class, User.INITIAL, User::evolve, User::decide, readModel);
        this.dueWork = dueWork;
    }

    @Override
    public List<OutgoingMessage> publish(UUID streamId, UserEvent event) {
        return List.of(UsersPublication.toIntegrationEvent(event));
    }

    /** The event store leads, Keycloak follows: a role change is due work for Keycloak, retried until it took. */
    @Override
    public Uni<Void> react(Appended<User, UserEvent> appended) {
        for (RecordedEvent<UserEvent> recorded : appended.events()) {
            if (recorded.event() instanceof UserEvent.UserRoleUpdated) {
                return dueWork.scheduleNow(KeycloakRoleSync.KIND, appended.streamId(), appended.causedBy(recorded));
            }
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Optional<RuntimeException> uniqueViolation(String constraint) {
        return switch (constraint) {
            case UserProjection.USERNAME_TAKEN -> Optional.of(new UserAlreadyRegistered("that username"));
            case UserProjection.EMAIL_TAKEN -> Optional.of(new UserAlreadyRegistered("that e-mail"));
            default -> Optional.empty();
        };
    }
}
