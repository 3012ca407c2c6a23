package tickets.finance.handlers;

import tickets.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.users.UsersIntegrationEvent;
import tickets.contracts.users.UsersIntegrationEvent.UserRegistered;
import tickets.contracts.users.UsersIntegrationEvent.UserRoleUpdated;
import tickets.eventsourcing.inbox.Inbox;
import tickets.finance.Finance;

import java.util.Set;

/** users.events → UserRegistered: the customer's financial record (unless a payment of theirs created it first). */
@ApplicationScoped
public class UsersHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends UsersIntegrationEvent>> IGNORED =
            java.util.Set.of(UserRoleUpdated.class);

    @Inject
    Finance finance;

    /** users.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<UsersIntegrationEvent> route() {
        return Inbox.Route.of(Topics.USERS, UsersIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case UserRegistered registered -> finance.userRegistered(registered.userId(), context);
            case UserRoleUpdated ignored -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
