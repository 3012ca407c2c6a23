package tickets.concerts.testsupport;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.eventsourcing.inbox.Inbox;

/**
 * Test-only consumer of {@code concerts.events} built like a real saga handler: its effect (a row
 * in {@code probe_effects}) and its inbox entry commit together.
 */
@ApplicationScoped
public class ProbeConsumer {

    @Inject
    Inbox inbox;

    @Incoming("probe")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return inbox.processOnce("probe", record, event -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "insert into probe_effects (event_id, event_type, subject) values (:id, :type, :subject)")
                        .setParameter("id", event.id())
                        .setParameter("type", event.type())
                        .setParameter("subject", event.subject())
                        .executeUpdate())
                .replaceWithVoid());
    }
}
