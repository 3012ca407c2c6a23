package tickets.eventsourcing.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tickets.eventsourcing.json.StrictJson;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed integration events: a known type becomes its record, an unknown one is skipped, the unreadable is poison. */
class ContractCodecTest {

    sealed interface Sample {
        int SCHEMA_VERSION = 2;

        record Happened(UUID id, String what) implements Sample {
        }

        record Gone(UUID id) implements Sample {
        }

        record Line(String level, int quantity) {
        }

        record Ordered(UUID id, UUID userId, java.util.List<Line> lines, @tickets.contracts.MayBeAbsent Line gift)
                implements Sample {
        }
    }

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private final ObjectMapper json = StrictJson.configure(new ObjectMapper().findAndRegisterModules());
    private final ContractCodec<Sample> codec = ContractCodec.of(Sample.class);

    @Test
    void a_known_type_is_read_as_its_contract_record() {
        assertThat(codec.decode(json, event("Happened", 1, "{\"id\":\"" + ID + "\",\"what\":\"it\",\"extra\":true}")))
                .contains(new Sample.Happened(ID, "it"));
        assertThat(codec.decode(json, event("Gone", 2, "{\"id\":\"" + ID + "\"}"))).contains(new Sample.Gone(ID));
        assertThat(codec.typeNames()).containsExactlyInAnyOrder("Happened", "Gone", "Ordered");
    }

    @Test
    void a_type_the_contract_does_not_know_is_skipped() {
        assertThat(codec.decode(json, event("Invented", 1, "not even json"))).isEmpty();
    }

    @Test
    void an_unreadable_payload_or_a_newer_schema_version_is_poison() {
        assertThatThrownBy(() -> codec.decode(json, event("Happened", 1, "{\"id\":42}")))
                .isInstanceOf(PoisonMessage.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> codec.decode(json, event("Happened", 3, "{\"id\":\"" + ID + "\"}")))
                .isInstanceOf(PoisonMessage.class).hasMessageContaining("schema version 3");
        assertThatThrownBy(() -> codec.decode(json, event("Happened", 1, null)))
                .isInstanceOf(PoisonMessage.class).hasMessageContaining("no payload");
    }

    @Test
    void a_record_without_a_required_id_list_or_line_is_poison_and_what_may_be_absent_may_be() {
        String user = "\"userId\":\"" + ID + "\"";
        assertThatThrownBy(() -> codec.decode(json, event("Ordered", 1, "{\"id\":\"" + ID + "\",\"lines\":[]}")))
                .isInstanceOf(PoisonMessage.class).hasMessageContaining("lacks userId");
        assertThatThrownBy(() -> codec.decode(json, event("Ordered", 1, "{\"id\":\"" + ID + "\"," + user + "}")))
                .isInstanceOf(PoisonMessage.class).hasMessageContaining("lacks lines");
        assertThatThrownBy(() -> codec.decode(json, event("Ordered", 1, "{\"id\":\"" + ID + "\"," + user
                + ",\"lines\":[null]}"))).isInstanceOf(PoisonMessage.class).hasMessageContaining("lacks lines[0]");
        assertThatThrownBy(() -> codec.decode(json, event("Gone", 1, "{}")))
                .isInstanceOf(PoisonMessage.class).hasMessageContaining("lacks id");
        assertThat(codec.decode(json, event("Ordered", 1, "{\"id\":\"" + ID + "\"," + user
                + ",\"lines\":[{\"level\":\"Regular\",\"quantity\":1}]}")))
                .contains(new Sample.Ordered(ID, ID, java.util.List.of(new Sample.Line("Regular", 1)), null));
    }

    private static IncomingEvent event(String type, int version, String payload) {
        return new IncomingEvent(UUID.randomUUID(), type, "sample", ID.toString(), "corr", "cause", version, ID.toString(),
                payload, null);
    }
}
