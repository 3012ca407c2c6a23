package tickets.eventsourcing.testapp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.UUID;

/** The test application's two topics: what it publishes, and the requests it consumes. */
public final class NotesContract {

    private NotesContract() {
    }

    /** Published on {@code library.events}. */
    public sealed interface Published {
        int SCHEMA_VERSION = 1;

        @JsonIgnoreProperties(ignoreUnknown = true)
        record NoteCreated(UUID noteId, String title) implements Published {
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        record NoteArchived(UUID noteId) implements Published {
        }
    }

    /** Consumed from {@code library.requests}. */
    public sealed interface Requests {
        int SCHEMA_VERSION = 1;

        @JsonIgnoreProperties(ignoreUnknown = true)
        record CreateNoteRequested(UUID noteId, String title) implements Requests {
        }

        /** Fails {@code failures} times (a stand-in for a database that is briefly away), then creates the note. */
        @JsonIgnoreProperties(ignoreUnknown = true)
        record FlakyCreateRequested(UUID noteId, String title, int failures) implements Requests {
        }
    }
}
