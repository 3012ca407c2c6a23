package tickets.eventsourcing.testapp;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.ValidationException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tiny aggregate for the library's own tests: a note with a title, archived by its owner or by a timer. */
public record Note(UUID id, String title, Instant archiveAt, boolean archived) {

    public static final Note INITIAL = new Note(null, null, null, false);

    public sealed interface Command {
        record CreateNote(UUID id, String title, Instant archiveAt) implements Command {
            public CreateNote {
                title = ValidationException.text(title, "title", 100);
            }
        }

        record RenameNote(UUID id, String title) implements Command {
            public RenameNote {
                title = ValidationException.text(title, "title", 100);
            }
        }

        record ArchiveNote(UUID id, Instant now) implements Command {
        }
    }

    public sealed interface Event {
        record NoteCreated(UUID id, String title, Instant archiveAt) implements Event {
        }

        record NoteRenamed(UUID id, String title) implements Event {
        }

        record NoteArchived(UUID id) implements Event {
        }
    }

    public static final class NoteAlreadyExists extends DomainRuleViolation {
        NoteAlreadyExists(UUID id) {
            super("note " + id + " already exists");
        }
    }

    public static final class TitleTaken extends DomainRuleViolation {
        TitleTaken() {
            super("another note already has that title");
        }
    }

    public static final class NotDueYet extends DomainRuleViolation {
        NotDueYet(UUID id) {
            super("note " + id + " is not due for archiving yet");
        }
    }

    public static List<Event> decide(Command command, Note state) {
        return switch (command) {
            case Command.CreateNote create -> {
                if (state.id != null) {
                    throw new NoteAlreadyExists(create.id());
                }
                yield List.of(new Event.NoteCreated(create.id(), create.title(), create.archiveAt()));
            }
            case Command.RenameNote rename -> {
                if (state.id == null) {
                    throw new ResourceNotFound("note", rename.id());
                }
                yield rename.title().equals(state.title) ? List.of() : List.of(new Event.NoteRenamed(rename.id(), rename.title()));
            }
            case Command.ArchiveNote archive -> {
                if (state.archived) {
                    yield List.of();
                }
                if (state.archiveAt != null && archive.now() != null && archive.now().isBefore(state.archiveAt)) {
                    throw new NotDueYet(archive.id());
                }
                yield List.of(new Event.NoteArchived(archive.id()));
            }
        };
    }

    public static Note evolve(Note state, Event event) {
        return switch (event) {
            case Event.NoteCreated created -> new Note(created.id(), created.title(), created.archiveAt(), false);
            case Event.NoteRenamed renamed -> new Note(state.id, renamed.title(), state.archiveAt, state.archived);
            case Event.NoteArchived archived -> new Note(state.id, state.title, state.archiveAt, true);
        };
    }
}
