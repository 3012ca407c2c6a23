package tickets.finance.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.users.UsersIntegrationEvent;
import tickets.contracts.users.UsersIntegrationEvent.UserRegistered;
import tickets.contracts.users.UsersIntegrationEvent.UserRoleUpdated;
import tickets.eventsourcing.inbox.Inbox;
import tickets.finance.Finance;

/** users.events → UserRegistered: the customer's financial record (unless a payment of theirs created it first). */
@ApplicationScoped
public class UsersHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handle). */
    private static final java.util.Set<Class<? extends UsersIntegrationEvent>> IGNORED =
            java.util.Set.of(UserRoleUpdated.class);

    @Inject
    Inbox inbox;
    @Inject
    Finance finance;

    @Incoming("users")
    public Uni<Void> on(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        return inbox.handle(record, UsersIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case UserRegistered registered -> finance.userRegistered(registered.userId(), context);
            case UserRoleUpdated ignored -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
