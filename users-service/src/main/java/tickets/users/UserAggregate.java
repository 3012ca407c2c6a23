package tickets.users;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.users.projections.UserProjection;

import java.util.List;
import java.util.UUID;

/** The User aggregate as the command handler sees it. */
@ApplicationScoped
public class UserAggregate extends EventSourcedAggregate<User, UserCommand, UserEvent> {

    @Inject
    UserProjection projection;

    public UserAggregate() {
        super("User", UserEvent.class, User.INITIAL, User::evolve, User::decide);
    }

    @Override
    public List<OutgoingMessage> publish(UUID streamId, UserEvent event) {
        return List.of(UsersPublication.toIntegrationEvent(event));
    }

    @Override
    public Uni<Void> project(UUID streamId, User stateAfter, long versionAfter, List<UserEvent> newEvents) {
        return projection.apply(stateAfter, versionAfter, newEvents);
    }
}
