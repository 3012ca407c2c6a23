package tickets.eventsourcing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored events: simple type names, JSON round trip, upcasting of older schema versions; and stream version checks. */
class EventCodecTest {

    /** A small event family standing in for a service's domain events. */
    sealed interface SampleEvent {

        record SomethingHappened(UUID id, String title, Instant at) implements SampleEvent {
        }

        record ItemsCounted(UUID id, List<String> items, int count) implements SampleEvent {
        }
    }

    /** Not sealed, so the codec could not know its event types. */
    interface OpenEvent {
    }

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000e1");
    private static final Instant AT = Instant.parse("2030-01-01T10:00:00Z");

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @Nested
    class Codec {

        @Test
        void an_event_survives_a_round_trip_through_json() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class);
            SampleEvent event = new SampleEvent.SomethingHappened(ID, "doors open", AT);

            String stored = codec.serialize(json, event);
            SampleEvent read = codec.deserialize(json, codec.typeName(event), codec.currentVersion(codec.typeName(event)),
                    stored);

            assertThat(read).isEqualTo(event);
        }

        @Test
        void every_type_of_the_sealed_family_round_trips() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class);
            SampleEvent event = new SampleEvent.ItemsCounted(ID, List.of("a", "b"), 2);

            assertThat(codec.deserialize(json, "ItemsCounted", 1, codec.serialize(json, event))).isEqualTo(event);
        }

        @Test
        void type_names_are_the_simple_names_of_the_records() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class);

            assertThat(codec.typeName(new SampleEvent.SomethingHappened(ID, "doors open", AT)))
                    .isEqualTo("SomethingHappened");
            assertThat(codec.typeName(new SampleEvent.ItemsCounted(ID, List.of(), 0))).isEqualTo("ItemsCounted");
        }

        @Test
        void every_type_starts_at_schema_version_1() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class);

            assertThat(codec.currentVersion("SomethingHappened")).isEqualTo(1);
            assertThat(codec.currentVersion("ItemsCounted")).isEqualTo(1);
        }

        @Test
        void an_unknown_stored_type_cannot_be_read() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class);

            assertThatThrownBy(() -> codec.deserialize(json, "SomethingElse", 1, "{}"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SomethingElse");
        }

        @Test
        void an_unreadable_payload_fails_naming_type_and_version() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class);

            assertThatThrownBy(() -> codec.deserialize(json, "SomethingHappened", 1, "{not json"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SomethingHappened v1");
        }

        @Test
        void a_v1_payload_is_upcast_to_the_current_record() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class)
                    .upcasting("SomethingHappened", 1, node -> {
                        ObjectNode object = (ObjectNode) node;
                        object.set("title", object.remove("name"));
                        return object;
                    });
            String v1 = """
                    {"id":"%s","name":"doors open","at":"2030-01-01T10:00:00Z"}""".formatted(ID);

            SampleEvent read = codec.deserialize(json, "SomethingHappened", 1, v1);

            assertThat(read).isEqualTo(new SampleEvent.SomethingHappened(ID, "doors open", AT));
        }

        @Test
        void an_upcaster_raises_the_current_version_of_its_type_only() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class)
                    .upcasting("SomethingHappened", 1, node -> node);

            assertThat(codec.currentVersion("SomethingHappened")).isEqualTo(2);
            assertThat(codec.currentVersion("ItemsCounted")).isEqualTo(1);
        }

        @Test
        void a_current_version_payload_is_not_upcast() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class)
                    .upcasting("SomethingHappened", 1, node -> {
                        throw new AssertionError("a v2 payload must not be upcast");
                    });
            SampleEvent event = new SampleEvent.SomethingHappened(ID, "doors open", AT);

            assertThat(codec.deserialize(json, "SomethingHappened", 2, codec.serialize(json, event))).isEqualTo(event);
        }

        @Test
        void upcasters_are_applied_in_order_from_the_stored_version() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class)
                    .upcasting("SomethingHappened", 2, node -> {
                        ObjectNode object = (ObjectNode) node;
                        object.put("title", object.get("title").asText() + " (v3)");
                        return object;
                    })
                    .upcasting("SomethingHappened", 1, node -> {
                        ObjectNode object = (ObjectNode) node;
                        object.set("title", object.remove("name"));
                        return object;
                    });
            String v1 = """
                    {"id":"%s","name":"doors open","at":"2030-01-01T10:00:00Z"}""".formatted(ID);

            assertThat(codec.currentVersion("SomethingHappened")).isEqualTo(3);
            assertThat(codec.deserialize(json, "SomethingHappened", 1, v1))
                    .isEqualTo(new SampleEvent.SomethingHappened(ID, "doors open (v3)", AT));
        }

        @Test
        void a_missing_upcaster_in_the_chain_fails_clearly() {
            EventCodec<SampleEvent> codec = EventCodec.of(SampleEvent.class)
                    .upcasting("SomethingHappened", 2, node -> node);
            String v1 = """
                    {"id":"%s","name":"doors open","at":"2030-01-01T10:00:00Z"}""".formatted(ID);

            assertThatThrownBy(() -> codec.deserialize(json, "SomethingHappened", 1, v1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no upcaster for SomethingHappened v1");
        }

        @Test
        void a_type_that_is_not_sealed_is_refused() {
            assertThatThrownBy(() -> EventCodec.of(OpenEvent.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sealed");
            assertThatThrownBy(() -> EventCodec.of(Object.class))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ExpectedVersionCheck {

        @Test
        void any_accepts_every_current_version() {
            assertThatCode(() -> {
                ExpectedVersion.ANY.check("concert", ID, 0);
                ExpectedVersion.ANY.check("concert", ID, 3);
            }).doesNotThrowAnyException();
        }

        @Test
        void no_stream_accepts_a_stream_that_does_not_exist() {
            assertThatCode(() -> ExpectedVersion.NO_STREAM.check("concert", ID, 0)).doesNotThrowAnyException();
        }

        @Test
        void no_stream_conflicts_with_an_existing_stream() {
            assertThatThrownBy(() -> ExpectedVersion.NO_STREAM.check("concert", ID, 3))
                    .isInstanceOf(ConcurrencyConflict.class)
                    .hasMessageContaining(ID.toString());
        }

        @Test
        void exactly_the_current_version_is_accepted() {
            assertThatCode(() -> ExpectedVersion.exactly(3).check("concert", ID, 3)).doesNotThrowAnyException();
        }

        @Test
        void a_stale_expected_version_fails_the_precondition_with_the_current_version() {
            assertThatThrownBy(() -> ExpectedVersion.exactly(2).check("concert", ID, 3))
                    .isInstanceOfSatisfying(PreconditionFailed.class,
                            e -> assertThat(e.currentVersion()).isEqualTo(3));
        }

        @Test
        void an_expected_version_of_a_stream_that_does_not_exist_is_not_found() {
            assertThatThrownBy(() -> new ExpectedVersion.Exactly(1).check("concert", ID, 0))
                    .isInstanceOf(ResourceNotFound.class)
                    .hasMessageContaining("concert " + ID);
        }
    }
}
