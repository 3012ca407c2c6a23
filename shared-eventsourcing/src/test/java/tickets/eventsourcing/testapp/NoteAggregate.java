package tickets.eventsourcing.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import tickets.eventsourcing.Appended;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.eventsourcing.RecordedEvent;
import tickets.eventsourcing.timers.DueWork;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The note aggregate as the command handler sees it: publication, read model, timer, uniqueness. */
@Singleton // stateless; constructor-injected, so no client proxy
public class NoteAggregate extends EventSourcedAggregate<Note, Note.Command, Note.Event> {

    /** A title that makes {@link #react} fail after everything else was written: proves the rollback. */
    public static final String FAILS_AFTER_WRITING = "fails after writing";

    private final DueWork dueWork;

    @Inject
    public NoteAggregate(DueWork dueWork) {
        super("Note", Note.Event.class, Note.INITIAL, Note::evolve, Note::decide, new NoteView());
        this.dueWork = dueWork;
    }

    /** The notes' read model: one row per note, with a title no two notes share. */
    static final class NoteView implements tickets.eventsourcing.ReadModel<Note> {

        @Override
        public Uni<Void> write(UUID streamId, Note state, long version) {
            return Panache.getSession().chain(session -> session.createNativeQuery("""
                            insert into note_view (id, title, archived, version) values (:id, :title, :archived, :version)
                            on conflict (id) do update set title = excluded.title, archived = excluded.archived,
                                                           version = excluded.version""")
                    .setParameter("id", streamId).setParameter("title", state.title())
                    .setParameter("archived", state.archived()).setParameter("version", version)
                    .executeUpdate()).replaceWithVoid();
        }

        @Override
        public List<String> tables() {
            return List.of("note_view");
        }
    }

    @Override
    public List<OutgoingMessage> publish(UUID streamId, Note.Event event) {
        return switch (event) {
            case Note.Event.NoteCreated created -> List.of(OutgoingMessage.of(
                    new NotesContract.Published.NoteCreated(created.id(), created.title()), 1));
            case Note.Event.NoteArchived archived -> List.of(OutgoingMessage.of(
                    new NotesContract.Published.NoteArchived(archived.id()), 1));
            case Note.Event.NoteRenamed renamed -> List.of(); // private
        };
    }

    @Override
    public Uni<Void> react(Appended<Note, Note.Event> appended) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RecordedEvent<Note.Event> recorded : appended.events()) {
            chain = chain.chain(() -> switch (recorded.event()) {
                case Note.Event.NoteCreated created when FAILS_AFTER_WRITING.equals(created.title()) ->
                        Uni.createFrom().failure(new IllegalStateException("failing on purpose after writing"));
                case Note.Event.NoteCreated created when created.archiveAt() != null ->
                        dueWork.schedule(NoteArchiver.KIND, created.id(), created.archiveAt(), appended.causedBy(recorded));
                case Note.Event.NoteArchived archived -> dueWork.cancel(NoteArchiver.KIND, archived.id());
                default -> Uni.createFrom().voidItem();
            });
        }
        return chain;
    }

    @Override
    public Optional<RuntimeException> uniqueViolation(String constraint) {
        return "note_view_title_unique".equals(constraint) ? Optional.of(new Note.TitleTaken()) : Optional.empty();
    }
}
