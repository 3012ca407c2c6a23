package tickets.finance.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.users.UsersIntegrationEvent;
import tickets.contracts.users.UsersIntegrationEvent.UserRegistered;
import tickets.contracts.users.UsersIntegrationEvent.UserRoleUpdated;
import tickets.eventsourcing.inbox.Inbox;
import tickets.finance.Finance;

import java.util.List;
import java.util.Set;

/** users.events → UserRegistered: the customer's financial record (unless a payment of theirs created it first). */
@ApplicationScoped
public class UsersHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends UsersIntegrationEvent>> IGNORED =
            java.util.Set.of(UserRoleUpdated.class);

    @Inject
    Inbox inbox;
    @Inject
    Finance finance;

    @Incoming("users")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, UsersIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case UserRegistered registered -> finance.userRegistered(registered.userId(), context);
            case UserRoleUpdated ignored -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
