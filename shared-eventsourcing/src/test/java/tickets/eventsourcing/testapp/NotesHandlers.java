package tickets.eventsourcing.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.inbox.Inbox;
import tickets.eventsourcing.inbox.PoisonMessage;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The test application's consumers, written like saga steps. */
@ApplicationScoped
public class NotesHandlers {

    /** How often each flaky request failed so far (test instrumentation, not a pattern for services). */
    public static final Map<UUID, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();

    @Inject
    Inbox inbox;
    @Inject
    CommandHandler commands;
    @Inject
    NoteAggregate notes;

    @Incoming("notes")
    public Uni<Void> onRequest(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, NotesContract.Requests.class, Set.of(), this::request);
    }

    /** Reads the service's own events back from Kafka: proves the relay delivers and the inbox applies once. */
    @Incoming("echo")
    public Uni<Void> onPublished(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, NotesContract.Published.class, Set.of(NotesContract.Published.NoteArchived.class),
                this::echo);
    }

    /** Two topics on one channel: requests on {@code alpha.events}, published notes on {@code beta.events}. */
    @Incoming("mixed")
    public Uni<Void> onMixed(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, List.of(
                Inbox.Route.of("alpha.events", NotesContract.Requests.class, Set.of(), this::request),
                Inbox.Route.of("beta.events", NotesContract.Published.class,
                        Set.of(NotesContract.Published.NoteArchived.class), this::echo)));
    }

    private Uni<Void> request(NotesContract.Requests event, CommandContext context) {
        return (switch (event) {
            case NotesContract.Requests.CreateNoteRequested create -> create(create.noteId(), create.title(), context);
            case NotesContract.Requests.FlakyCreateRequested flaky -> {
                int attempt = FLAKY_ATTEMPTS.computeIfAbsent(flaky.noteId(), id -> new AtomicInteger()).incrementAndGet();
                yield attempt <= flaky.failures()
                        ? Uni.createFrom().<Void>failure(new IllegalStateException("transient failure " + attempt))
                        : create(flaky.noteId(), flaky.title(), context);
            }
        }).onFailure(DomainRuleViolation.class).transform(refused -> new PoisonMessage(refused.getMessage()));
    }

    private Uni<Void> echo(NotesContract.Published event, CommandContext context) {
        return switch (event) {
            case NotesContract.Published.NoteCreated created -> Panache.getSession().chain(session -> session
                    .createNativeQuery("insert into echo_effects (event_id, note_id) values (:eventId, :noteId)")
                    .setParameter("eventId", UUID.fromString(context.causationId()))
                    .setParameter("noteId", created.noteId()).executeUpdate()).replaceWithVoid();
            case NotesContract.Published.NoteArchived archived -> Uni.createFrom().voidItem(); // ignored above
        };
    }

    private Uni<Void> create(UUID id, String title, CommandContext context) {
        org.jboss.logging.Logger.getLogger(NotesHandlers.class).infof("creating note %s for an event", id);
        return commands.handle(notes, id, ExpectedVersion.NO_STREAM, new Note.Command.CreateNote(id, title, null), context)
                .replaceWithVoid();
    }
}
