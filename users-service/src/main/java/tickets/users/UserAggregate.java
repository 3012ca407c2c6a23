package tickets.users;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.AggregateDefinition;
import tickets.eventsourcing.EventCodec;
import tickets.eventsourcing.OutgoingMessage;
import tickets.users.projections.UserProjection;

import java.util.List;
import java.util.UUID;

/** The User aggregate as the command handler sees it. */
@ApplicationScoped
public class UserAggregate implements AggregateDefinition<User, UserCommand, UserEvent> {

    private static final EventCodec<UserEvent> CODEC = EventCodec.of(UserEvent.class);

    private final UserProjection projection;

    @Inject
    public UserAggregate(UserProjection projection) {
        this.projection = projection;
    }

    @Override
    public String streamType() {
        return "User";
    }

    @Override
    public EventCodec<UserEvent> codec() {
        return CODEC;
    }

    @Override
    public User initialState() {
        return User.INITIAL;
    }

    @Override
    public User evolve(User state, UserEvent event) {
        return User.evolve(state, event);
    }

    @Override
    public List<UserEvent> decide(UserCommand command, User state) {
        return User.decide(command, state);
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
