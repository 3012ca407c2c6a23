package tickets.eventsourcing.testapp;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWorkHandler;

/** The notes' archive timer. */
@ApplicationScoped
public class NoteArchiver implements DueWorkHandler {

    public static final String KIND = "note-archive";

    @Inject
    CommandHandler commands;
    @Inject
    NoteAggregate notes;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(DueItem item) {
        return commands.handle(notes, item.streamId(), ExpectedVersion.ANY,
                new Note.Command.ArchiveNote(item.streamId(), item.now()), item.context()).replaceWithVoid();
    }

    /** Due work that always fails: it must back off on its own row and never hold up the others. */
    @ApplicationScoped
    public static class AlwaysFails implements DueWorkHandler {

        public static final String KIND = "always-fails";

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Uni<Void> run(DueItem item) {
            return Uni.createFrom().failure(new IllegalStateException("this work never succeeds"));
        }
    }
}
