package tickets.contracts.concerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCreated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published shape of {@code ConcertCreated}: other contexts parse it, so field names are part
 * of the contract and a rename must break this test.
 */
class ConcertsContractTest {

    private static final UUID CONCERT_ID = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final Instant STARTS_AT = Instant.parse("2030-06-01T19:30:00Z");

    private static final ConcertCreated CONCERT_CREATED = new ConcertCreated(CONCERT_ID, "Summer Night", "The Band",
            "Arena Nord", STARTS_AT, List.of(
                    new TicketLevel("Regular", 500, 4_900, "EUR", DeliveryMethod.ONLINE),
                    new TicketLevel("Golden Circle", 50, 14_900, "EUR", DeliveryMethod.PRINTED)));

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @Test
    void concert_created_round_trips_through_json() throws Exception {
        String written = json.writeValueAsString(CONCERT_CREATED);

        assertThat(json.readValue(written, ConcertCreated.class)).isEqualTo(CONCERT_CREATED);
    }

    @Test
    void concert_created_round_trips_with_iso_timestamps_too() throws Exception {
        ObjectMapper isoDates = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        String written = isoDates.writeValueAsString(CONCERT_CREATED);

        assertThat(written).contains("\"startsAt\":\"2030-06-01T19:30:00Z\"");
        assertThat(json.readValue(written, ConcertCreated.class)).isEqualTo(CONCERT_CREATED);
    }

    @Test
    void a_reader_ignores_fields_it_does_not_know_including_inside_a_ticket_level() throws Exception {
        String fromANewerProducer = """
                {
                  "concertId": "%s",
                  "title": "Summer Night",
                  "artist": "The Band",
                  "venue": "Arena Nord",
                  "startsAt": "2030-06-01T19:30:00Z",
                  "genre": "rock",
                  "organiser": {"name": "Live GmbH"},
                  "ticketLevels": [
                    {"name": "Regular", "capacity": 500, "priceMinor": 4900, "currency": "EUR",
                     "deliveryMethod": "ONLINE", "seatingPlan": "standing", "perks": ["none"]},
                    {"name": "Golden Circle", "capacity": 50, "priceMinor": 14900, "currency": "EUR",
                     "deliveryMethod": "PRINTED", "colour": "gold"}
                  ]
                }
                """.formatted(CONCERT_ID);

        assertThat(json.readValue(fromANewerProducer, ConcertCreated.class)).isEqualTo(CONCERT_CREATED);
    }

    @Test
    void the_json_field_names_are_exactly_the_documented_ones() throws Exception {
        JsonNode written = json.readTree(json.writeValueAsString(CONCERT_CREATED));

        assertThat(fieldNames(written))
                .containsExactlyInAnyOrder("concertId", "title", "artist", "venue", "startsAt", "ticketLevels");
        assertThat(written.get("ticketLevels")).hasSize(2);
        for (JsonNode level : written.get("ticketLevels")) {
            assertThat(fieldNames(level))
                    .containsExactlyInAnyOrder("name", "capacity", "priceMinor", "currency", "deliveryMethod");
        }
    }

    @Test
    void the_documented_field_names_carry_the_documented_values() throws Exception {
        JsonNode written = json.readTree(json.writeValueAsString(CONCERT_CREATED));

        assertThat(written.get("concertId").asText()).isEqualTo(CONCERT_ID.toString());
        assertThat(written.get("title").asText()).isEqualTo("Summer Night");
        assertThat(written.get("artist").asText()).isEqualTo("The Band");
        assertThat(written.get("venue").asText()).isEqualTo("Arena Nord");
        JsonNode regular = written.get("ticketLevels").get(0);
        assertThat(regular.get("name").asText()).isEqualTo("Regular");
        assertThat(regular.get("capacity").asInt()).isEqualTo(500);
        assertThat(regular.get("priceMinor").asLong()).isEqualTo(4_900L);
        assertThat(regular.get("currency").asText()).isEqualTo("EUR");
        assertThat(regular.get("deliveryMethod").asText()).isEqualTo("ONLINE");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
