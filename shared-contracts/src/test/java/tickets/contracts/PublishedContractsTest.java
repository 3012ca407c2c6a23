package tickets.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.contracts.delivery.DeliveryIntegrationEvent;
import tickets.contracts.finance.FinanceIntegrationEvent;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.contracts.payments.PaymentsIntegrationEvent;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.contracts.users.UsersIntegrationEvent;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every event a context publishes, pinned: its JSON is exactly the documented shape (a file per
 * type under {@code src/test/resources/contracts}), a reader ignores fields it does not know, and
 * a producer adding an optional field breaks no reader of today. A new contract type fails
 * {@link #every_published_type_has_a_pinned_sample} until it is pinned here.
 */
class PublishedContractsTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final Instant AT = Instant.parse("2030-06-01T19:30:00Z");

    /** The sealed contract of each topic. */
    private static final List<Class<?>> CONTRACTS = List.of(ConcertsIntegrationEvent.class, UsersIntegrationEvent.class,
            CartsIntegrationEvent.class, ReservationsIntegrationEvent.class, OrdersIntegrationEvent.class,
            PaymentsIntegrationEvent.class, DeliveryIntegrationEvent.class, FinanceIntegrationEvent.class);
    private static final UUID D = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    private static final UUID T = UUID.fromString("00000000-0000-0000-0000-0000000000f1");
    private static final ShippingAddress ADDRESS = new ShippingAddress("Ada Lovelace", "1 Analytical Way", null, "10115",
            "Berlin", "DE");

    /** One sample of every published type; its pinned JSON is contracts/<Type>.json. */
    private static final List<Object> SAMPLES = List.of(
            new ConcertsIntegrationEvent.ConcertCreated(A, "Summer Night", "The Band", "Arena Nord", AT, List.of(
                    new ConcertsIntegrationEvent.TicketLevel("Regular", 500, 4_900, "EUR", DeliveryMethod.ONLINE),
                    new ConcertsIntegrationEvent.TicketLevel("Golden Circle", 50, 14_900, "EUR", DeliveryMethod.PRINTED))),
            new ConcertsIntegrationEvent.ConcertUpdated(A, "Summer Night (late)", "The Band", "Arena Süd", AT),
            new ConcertsIntegrationEvent.TicketLevelsUpdated(A, List.of(
                    new ConcertsIntegrationEvent.TicketLevel("Regular", 600, 5_900, "EUR", DeliveryMethod.ONLINE))),
            new ConcertsIntegrationEvent.ConcertCancelled(A, "artist ill"),
            new UsersIntegrationEvent.UserRegistered(B, "ada", "ada@example.com", "Ada Lovelace",
                    UsersIntegrationEvent.Role.CUSTOMER),
            new UsersIntegrationEvent.UserRoleUpdated(B, UsersIntegrationEvent.Role.CUSTOMER, UsersIntegrationEvent.Role.ADMIN),
            new CartsIntegrationEvent.CartConfirmed(C, B, List.of(new CartsIntegrationEvent.Line(A, "Regular", 2, 4_900)),
                    9_800, "EUR", ADDRESS),
            new ReservationsIntegrationEvent.ReservationCreated(A, C, B, A,
                    List.of(new ReservationsIntegrationEvent.Line("Regular", 2, 4_900)), "EUR", AT, 1, ADDRESS),
            new ReservationsIntegrationEvent.ReservationConfirmed(A, C, B, A,
                    List.of(new ReservationsIntegrationEvent.Line("Regular", 2, 4_900))),
            new ReservationsIntegrationEvent.ReservationRejected(C, B, List.of(
                    new ReservationsIntegrationEvent.RejectedLine(A, "Regular", 2, 1, "only 1 left"))),
            new ReservationsIntegrationEvent.ReservationCancelled(A, C, B, A, "changed my mind"),
            new ReservationsIntegrationEvent.ReservationExpired(A, C, B, A),
            new OrdersIntegrationEvent.OrderCreated(D, C, A, B, A,
                    List.of(new OrdersIntegrationEvent.Line("Regular", 2, 4_900)), 9_800, "EUR", 1),
            new OrdersIntegrationEvent.OrderCompleted(D, C, A, B, A,
                    List.of(new OrdersIntegrationEvent.Line("Regular", 2, 4_900)), 9_800, "EUR", ADDRESS),
            new OrdersIntegrationEvent.OrderCancelled(D, C, A, B, A, 9_800, "EUR", "hold expired", false),
            new OrdersIntegrationEvent.PurchaseEnded(C, B, OrdersIntegrationEvent.Outcome.COMPLETED, "paid and sold"),
            new PaymentsIntegrationEvent.PaymentInitiated(D, C, B, 9_800, "EUR",
                    List.of(new PaymentsIntegrationEvent.Line(D, A, "Regular", 2, 4_900))),
            new PaymentsIntegrationEvent.PaymentConfirmed(D, C, B, 9_800, "EUR", "pay_123", AT),
            new PaymentsIntegrationEvent.PaymentFailed(D, C, B, "card_declined"),
            new PaymentsIntegrationEvent.PaymentRefunded(D, C, B, D, 9_800, "EUR", "re_123", AT),
            new PaymentsIntegrationEvent.PaymentCapturedAfterFailure(D, C, B, 9_800, "EUR", "pay_123", AT),
            new PaymentsIntegrationEvent.LateCaptureRefunded(D, C, B, 9_800, "EUR", "re_124", AT),
            new DeliveryIntegrationEvent.TicketDeliveryPrepared(D, C, B, A, List.of(
                    new DeliveryIntegrationEvent.Ticket(T, "Regular", DeliveryIntegrationEvent.Method.ONLINE))),
            new DeliveryIntegrationEvent.OnlineTicketDelivered(D, C, B, T, AT),
            new DeliveryIntegrationEvent.PrintedTicketDelivered(D, C, B, T, "DHL", "00340434161094042557", AT),
            new DeliveryIntegrationEvent.TicketsRevoked(D, C, B, List.of(T), "the concert was cancelled"),
            new DeliveryIntegrationEvent.TicketAdmitted(D, C, B, T, AT),
            new FinanceIntegrationEvent.InvoiceCreated(C, C, D, B, "INV-2030-000042", 9_800, "EUR", AT),
            new FinanceIntegrationEvent.InvoiceUpdated(C, C, B, "INV-2030-000042",
                    FinanceIntegrationEvent.InvoiceChange.CREDITED, 4_900, "EUR", "CN-2030-000007", AT),
            new FinanceIntegrationEvent.UserFinancialInfoCreated(B, AT),
            new FinanceIntegrationEvent.UserFinancialInfoUpdated(B, List.of(
                    new FinanceIntegrationEvent.CurrencyTotals("EUR", 0, 0, 9_800, 1, 4_900, 1, 0)), AT));

    /** How publishers write (Quarkus's default): ISO-8601 timestamps. */
    private static final ObjectMapper WRITER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** A strict reader: the contract records themselves must say they ignore what they do not know. */
    private static final ObjectMapper STRICT_READER = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Stream<Object> samples() {
        return SAMPLES.stream();
    }

    @Test
    void every_published_type_has_a_pinned_sample() {
        List<String> published = CONTRACTS.stream().flatMap(contract -> Arrays.stream(contract.getPermittedSubclasses()))
                .map(Class::getSimpleName).sorted().toList();
        assertThat(SAMPLES.stream().map(sample -> sample.getClass().getSimpleName()).sorted().toList())
                .isEqualTo(published);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void the_json_is_exactly_the_pinned_shape(Object sample) throws IOException {
        JsonNode written = WRITER.readTree(WRITER.writeValueAsString(sample));

        assertThat(written).as("the published JSON of " + sample.getClass().getSimpleName()
                + " (a change here breaks every consumer: add a type or a schema version instead)").isEqualTo(pinned(sample));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void the_pinned_json_reads_back_as_the_record(Object sample) throws IOException {
        assertThat(STRICT_READER.treeToValue(pinned(sample), sample.getClass())).isEqualTo(sample);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void a_newer_producer_s_extra_fields_top_level_and_nested_break_no_reader_of_today(Object sample) throws IOException {
        ObjectNode newer = pinned(sample).deepCopy();
        newer.put("addedLater", "an optional field of a later version");
        newer.putObject("addedObject").put("nested", true);
        newer.fields().forEachRemaining(field -> {
            if (field.getValue().isArray()) {
                field.getValue().forEach(element -> {
                    if (element.isObject()) {
                        ((ObjectNode) element).put("addedToALine", 42);
                    }
                });
            }
        });

        assertThat(STRICT_READER.treeToValue(newer, sample.getClass())).isEqualTo(sample);
    }

    @Test
    void a_reader_of_today_ignores_a_field_a_newer_producer_removed_only_if_it_was_optional() throws IOException {
        // the contract's amounts are plain numbers in minor units; the Money view of them is derived, never written
        JsonNode created = WRITER.readTree(WRITER.writeValueAsString(SAMPLES.get(0)));
        assertThat(created.get("ticketLevels").get(0).has("price")).isFalse();
        assertThat(((ConcertsIntegrationEvent.ConcertCreated) SAMPLES.get(0)).ticketLevels().get(0).price())
                .isEqualTo(Money.of(4_900, "EUR"));
        assertThat(((CartsIntegrationEvent.CartConfirmed) SAMPLES.get(6)).total()).isEqualTo(Money.of(9_800, "EUR"));
    }

    @Test
    void an_event_from_a_producer_before_the_shipping_address_reads_with_none() throws IOException {
        ObjectNode old = pinned(SAMPLES.get(6)).deepCopy();
        old.remove("shippingAddress");
        assertThat(STRICT_READER.treeToValue(old, CartsIntegrationEvent.CartConfirmed.class).shippingAddress()).isNull();
    }

    @Test
    void a_shipping_address_refuses_what_no_post_office_takes() {
        assertThatThrownBy(() -> new ShippingAddress("Ada", "1 Way", null, "10115", "Berlin", "XX"))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("shippingAddress.country");
        assertThatThrownBy(() -> new ShippingAddress(" ", "1 Way", null, "10115", "Berlin", "DE"))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("shippingAddress.name");
        assertThatThrownBy(() -> new ShippingAddress("Ada\u0000", "1 Way", null, "10115", "Berlin", "DE"))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> new ShippingAddress("Ada", "1 Way", null, "1".repeat(21), "Berlin", "DE"))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("shippingAddress.postalCode");
        assertThat(new ShippingAddress(" Ada ", "1 Way", "", "10115", "Berlin", "DE"))
                .isEqualTo(new ShippingAddress("Ada", "1 Way", null, "10115", "Berlin", "DE"));
    }

    private static ObjectNode pinned(Object sample) throws IOException {
        String file = "/contracts/" + sample.getClass().getSimpleName() + ".json";
        try (InputStream in = PublishedContractsTest.class.getResourceAsStream(file)) {
            assertThat(in).as("pinned shape " + file).isNotNull();
            return (ObjectNode) WRITER.readTree(in);
        }
    }

    /** Prints the current JSON of every sample, to pin a new type (run by hand; not a check). */
    static Map<String, String> currentShapes() throws IOException {
        return SAMPLES.stream().collect(Collectors.toMap(s -> s.getClass().getSimpleName(), s -> {
            try {
                return WRITER.writerWithDefaultPrettyPrinter().writeValueAsString(s);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
    }
}
