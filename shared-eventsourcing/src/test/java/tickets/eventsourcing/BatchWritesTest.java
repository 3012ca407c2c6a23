package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.eventsourcing.CommandHandler.NewStream;
import tickets.eventsourcing.testapp.Note;
import tickets.eventsourcing.testapp.NoteAggregate;
import tickets.eventsourcing.testapp.NoteArchiver;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CommandHandler#startAll}, the batch path of the library (one multi-row statement each for
 * events, outbox rows, read-model rows and timers), against the real PostgreSQL with the notes aggregate.
 */
@QuarkusTest
class BatchWritesTest {

    @InjectDevstack
    Devstack devstack;
    @Inject
    CommandHandler commands;
    @Inject
    NoteAggregate notes;
    private TestDatabase database;

    @BeforeEach
    void connect() {
        database = new TestDatabase(devstack, "library");
    }

    @Test
    void a_batch_starts_each_new_stream_once_with_all_its_rows_and_leaves_existing_streams_alone() throws Throwable {
        UUID existing = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Instant archiveAt = Instant.now().plus(Duration.ofHours(1));
        startAll(List.of(create(existing, "Existing " + existing, null)));

        List<NewStream<Note.Command>> batch = List.of(
                create(first, "First " + first, archiveAt),
                create(existing, "Existing again " + existing, null),
                create(second, "Second " + second, null),
                create(first, "First again " + first, null));
        List<CommandResult<Note, Note.Event>> started = startAll(batch);

        assertThat(started).extracting(CommandResult::streamId).containsExactly(first, second);
        assertThat(started).extracting(CommandResult::version).containsExactly(1L, 1L);
        for (UUID stream : List.of(existing, first, second)) {
            assertThat(database.count("select count(*) from events where stream_id = ? and stream_version = 1", stream))
                    .as("one first event of " + stream).isEqualTo(1);
            assertThat(database.count("select count(*) from outbox where aggregateid = ?", stream.toString()))
                    .as("one outbox row of " + stream).isEqualTo(1);
        }
        assertThat(database.column("select title from note_view where id = ?", first)).containsExactly("First " + first);
        assertThat(database.column("select title from note_view where id = ?", second)).containsExactly("Second " + second);
        assertThat(database.column("select title from note_view where id = ?", existing))
                .containsExactly("Existing " + existing);
        assertThat(database.count("select count(*) from due_work where stream_id = ? and kind = ?", first, NoteArchiver.KIND))
                .as("the timer of the note that asked for one").isEqualTo(1);
        assertThat(database.count("select count(*) from due_work where stream_id = ?", second)).isZero();
        assertThat(database.column("select correlation_id from outbox where aggregateid = ?", second.toString()))
                .as("each stream keeps its own correlation").containsExactly("batch-" + second);

        // the same batch again, as after a crash before the acknowledgement: nothing more is written
        long events = database.count("select count(*) from events");
        long outbox = database.count("select count(*) from outbox");
        assertThat(startAll(batch)).isEmpty();
        assertThat(database.count("select count(*) from events")).isEqualTo(events);
        assertThat(database.count("select count(*) from outbox")).isEqualTo(outbox);
    }

    private static NewStream<Note.Command> create(UUID id, String title, Instant archiveAt) {
        return new NewStream<>(id, new Note.Command.CreateNote(id, title, archiveAt),
                new CommandContext("batch-" + id, "test", null));
    }

    private List<CommandResult<Note, Note.Event>> startAll(List<NewStream<Note.Command>> streams) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> commands.startAll(notes, streams));
    }
}
