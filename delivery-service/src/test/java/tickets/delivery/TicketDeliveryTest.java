package tickets.delivery;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.contracts.ShippingAddress;
import tickets.delivery.DeliveryCommand.AdmitTicket;
import tickets.delivery.DeliveryCommand.DeliverOnlineTicket;
import tickets.delivery.DeliveryCommand.DeliverPrintedTicket;
import tickets.delivery.DeliveryCommand.IssuedTicket;
import tickets.delivery.DeliveryCommand.Line;
import tickets.delivery.DeliveryCommand.PrepareTicketDelivery;
import tickets.delivery.DeliveryCommand.RevokeTickets;
import tickets.delivery.DeliveryEvent.OnlineTicketDelivered;
import tickets.delivery.DeliveryEvent.PreparedTicket;
import tickets.delivery.DeliveryEvent.PrintedTicketDelivered;
import tickets.delivery.DeliveryEvent.TicketAdmitted;
import tickets.delivery.DeliveryEvent.TicketDeliveryPrepared;
import tickets.delivery.DeliveryEvent.TicketsRevoked;
import tickets.delivery.DeliveryRules.AlreadyDispatched;
import tickets.delivery.DeliveryRules.LevelNotKnownYet;
import tickets.delivery.DeliveryRules.NotOneTicketPerUnit;
import tickets.delivery.DeliveryRules.TicketAlreadyAdmitted;
import tickets.delivery.DeliveryRules.TicketNotDelivered;
import tickets.delivery.DeliveryRules.TicketNotFound;
import tickets.delivery.DeliveryRules.TicketRevoked;
import tickets.delivery.DeliveryRules.WrongDeliveryMethod;
import tickets.eventsourcing.ValidationException;
import tickets.testkit.AggregateSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery's rules, Given/When/Then, without servers. */
class TicketDeliveryTest {

    private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID PURCHASE = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final UUID ONLINE_1 = UUID.fromString("00000000-0000-0000-0000-0000000000f1");
    private static final UUID ONLINE_2 = UUID.fromString("00000000-0000-0000-0000-0000000000f2");
    private static final UUID PRINTED_1 = UUID.fromString("00000000-0000-0000-0000-0000000000f3");
    private static final Instant AT = Instant.parse("2030-06-01T18:00:00Z");
    private static final Instant LATER = AT.plusSeconds(3600);
    private static final ShippingAddress HOME = new ShippingAddress("Ada Lovelace", "1 Analytical Way", null, "10115",
            "Berlin", "DE");
    private static final List<Line> LINES = List.of(new Line("Regular", 2), new Line("Golden Circle", 1));
    private static final Map<String, DeliveryMethod> METHODS = Map.of("regular", DeliveryMethod.ONLINE,
            "golden circle", DeliveryMethod.PRINTED);
    private static final List<IssuedTicket> ISSUED = List.of(new IssuedTicket(ONLINE_1, "Regular", "code-1"),
            new IssuedTicket(ONLINE_2, "Regular", "code-2"), new IssuedTicket(PRINTED_1, "Golden Circle", "code-3"));

    private final AggregateSpec<TicketDelivery, DeliveryCommand, DeliveryEvent> spec =
            AggregateSpec.of(TicketDelivery.INITIAL, TicketDelivery::evolve, TicketDelivery::decide);

    private static PrepareTicketDelivery prepare(List<IssuedTicket> tickets, Map<String, DeliveryMethod> methods,
                                                 ShippingAddress address) {
        return new PrepareTicketDelivery(ORDER, PURCHASE, USER, CONCERT, LINES, methods, tickets, address, AT);
    }

    private static TicketDeliveryPrepared prepared() {
        return new TicketDeliveryPrepared(ORDER, PURCHASE, USER, CONCERT, List.of(
                new PreparedTicket(ONLINE_1, "Regular", DeliveryMethod.ONLINE, "code-1"),
                new PreparedTicket(ONLINE_2, "Regular", DeliveryMethod.ONLINE, "code-2"),
                new PreparedTicket(PRINTED_1, "Golden Circle", DeliveryMethod.PRINTED, "code-3")), HOME, AT);
    }

    private static OnlineTicketDelivered deliveredOnline(UUID ticket) {
        return new OnlineTicketDelivered(PURCHASE, USER, ticket, AT);
    }

    private static PrintedTicketDelivered posted() {
        return new PrintedTicketDelivered(PURCHASE, USER, PRINTED_1, "DHL", "JJD0001", LATER);
    }

    private static TicketsRevoked revoked() {
        return new TicketsRevoked(PURCHASE, USER, List.of(ONLINE_1, ONLINE_2, PRINTED_1), "the concert was cancelled", LATER);
    }

    @Nested
    class Prepare {

        @Test
        void one_ticket_per_unit_each_with_its_levels_method_from_the_concert() {
            TicketDelivery delivery = spec.given().when(prepare(ISSUED, METHODS, HOME)).then(prepared());

            assertThat(delivery.tickets()).hasSize(3);
            assertThat(delivery.tickets().values()).allMatch(t -> t.status() == TicketDelivery.TicketStatus.PENDING);
        }

        @Test
        void a_level_is_matched_whatever_its_case() {
            List<IssuedTicket> shouting = List.of(new IssuedTicket(ONLINE_1, "REGULAR", "code-1"),
                    new IssuedTicket(ONLINE_2, "regular", "code-2"), new IssuedTicket(PRINTED_1, "Golden Circle", "code-3"));
            assertThat(TicketDelivery.decide(prepare(shouting, METHODS, HOME), TicketDelivery.INITIAL)).hasSize(1);
        }

        @Test
        void fewer_or_more_tickets_than_units_bought_are_refused() {
            spec.given().when(prepare(ISSUED.subList(0, 2), METHODS, HOME)).thenRejectedWith(NotOneTicketPerUnit.class);
            List<IssuedTicket> extra = new java.util.ArrayList<>(ISSUED);
            extra.add(new IssuedTicket(UUID.randomUUID(), "Regular", "code-4"));
            spec.given().when(prepare(extra, METHODS, HOME)).thenRejectedWith(NotOneTicketPerUnit.class);
        }

        @Test
        void the_same_ticket_twice_is_not_one_ticket_per_unit() {
            List<IssuedTicket> twice = List.of(new IssuedTicket(ONLINE_1, "Regular", "code-1"),
                    new IssuedTicket(ONLINE_1, "Regular", "code-1"), new IssuedTicket(PRINTED_1, "Golden Circle", "code-3"));
            spec.given().when(prepare(twice, METHODS, HOME)).thenRejectedWith(NotOneTicketPerUnit.class);
        }

        @Test
        void a_level_whose_method_is_not_known_yet_waits() {
            spec.given().when(prepare(ISSUED, Map.of("regular", DeliveryMethod.ONLINE), HOME))
                    .thenRejectedWith(LevelNotKnownYet.class);
        }

        @Test
        void an_address_is_kept_only_when_a_ticket_goes_by_post() {
            Map<String, DeliveryMethod> allOnline = Map.of("regular", DeliveryMethod.ONLINE,
                    "golden circle", DeliveryMethod.ONLINE);
            List<DeliveryEvent> events = TicketDelivery.decide(prepare(ISSUED, allOnline, HOME), TicketDelivery.INITIAL);
            assertThat(((TicketDeliveryPrepared) events.get(0)).shippingAddress()).isNull();
        }

        @Test
        void preparing_again_changes_nothing() {
            spec.given(prepared()).when(prepare(ISSUED, METHODS, HOME)).thenNothingHappens();
            spec.given(prepared(), revoked()).when(prepare(ISSUED, METHODS, HOME)).thenNothingHappens();
        }
    }

    @Nested
    class Deliver {

        @Test
        void an_online_ticket_is_delivered_online_once() {
            spec.given(prepared()).when(new DeliverOnlineTicket(ORDER, ONLINE_1, AT)).then(deliveredOnline(ONLINE_1));
            spec.given(prepared(), deliveredOnline(ONLINE_1)).when(new DeliverOnlineTicket(ORDER, ONLINE_1, LATER))
                    .thenNothingHappens();
        }

        @Test
        void a_printed_ticket_cannot_be_delivered_online() {
            spec.given(prepared()).when(new DeliverOnlineTicket(ORDER, PRINTED_1, AT))
                    .thenRejectedWith(WrongDeliveryMethod.class);
        }

        @Test
        void an_online_ticket_cannot_be_posted() {
            spec.given(prepared()).when(new DeliverPrintedTicket(ORDER, ONLINE_1, "DHL", "JJD0001", LATER))
                    .thenRejectedWith(WrongDeliveryMethod.class);
        }

        @Test
        void a_printed_ticket_is_posted_with_carrier_and_tracking_number() {
            TicketDelivery delivery = spec.given(prepared())
                    .when(new DeliverPrintedTicket(ORDER, PRINTED_1, "DHL", "JJD0001", LATER)).then(posted());
            assertThat(delivery.tickets().get(PRINTED_1).carrier()).isEqualTo("DHL");
        }

        @Test
        void the_same_dispatch_again_changes_nothing_but_another_is_refused() {
            spec.given(prepared(), posted()).when(new DeliverPrintedTicket(ORDER, PRINTED_1, "DHL", "JJD0001", LATER))
                    .thenNothingHappens();
            spec.given(prepared(), posted()).when(new DeliverPrintedTicket(ORDER, PRINTED_1, "UPS", "1Z999", LATER))
                    .thenRejectedWith(AlreadyDispatched.class);
        }

        @Test
        void a_printed_ticket_without_an_address_cannot_be_posted() {
            TicketDeliveryPrepared noAddress = new TicketDeliveryPrepared(ORDER, PURCHASE, USER, CONCERT, List.of(
                    new PreparedTicket(PRINTED_1, "Golden Circle", DeliveryMethod.PRINTED, "code-3")), null, AT);
            spec.given(noAddress).when(new DeliverPrintedTicket(ORDER, PRINTED_1, "DHL", "JJD0001", LATER))
                    .thenRejectedWith(DeliveryRules.NoShippingAddress.class);
        }

        @Test
        void a_dispatch_needs_a_carrier_and_a_plausible_tracking_number() {
            assertThatThrownBy(() -> new DeliverPrintedTicket(ORDER, PRINTED_1, " ", "JJD0001", LATER))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> new DeliverPrintedTicket(ORDER, PRINTED_1, "DHL", "no spaces please", LATER))
                    .isInstanceOf(ValidationException.class);
        }

        @Test
        void a_revoked_ticket_cannot_be_delivered() {
            spec.given(prepared(), revoked()).when(new DeliverOnlineTicket(ORDER, ONLINE_1, LATER))
                    .thenRejectedWith(TicketRevoked.class);
            spec.given(prepared(), revoked()).when(new DeliverPrintedTicket(ORDER, PRINTED_1, "DHL", "JJD0001", LATER))
                    .thenRejectedWith(TicketRevoked.class);
        }

        @Test
        void an_unknown_ticket_is_not_found() {
            spec.given(prepared()).when(new DeliverOnlineTicket(ORDER, UUID.randomUUID(), AT))
                    .thenRejectedWith(TicketNotFound.class);
        }
    }

    @Nested
    class Revoke {

        @Test
        void every_ticket_of_the_order_is_revoked_once() {
            TicketDelivery delivery = spec.given(prepared(), deliveredOnline(ONLINE_1))
                    .when(new RevokeTickets(ORDER, "the concert was cancelled", LATER)).then(revoked());
            assertThat(delivery.tickets().values()).allMatch(t -> t.status() == TicketDelivery.TicketStatus.REVOKED);
            spec.given(prepared(), revoked()).when(new RevokeTickets(ORDER, "again", LATER)).thenNothingHappens();
        }

        @Test
        void an_order_without_tickets_has_nothing_to_revoke() {
            spec.given().when(new RevokeTickets(ORDER, "compensated", LATER)).thenNothingHappens();
        }
    }

    @Nested
    class Admit {

        @Test
        void a_delivered_ticket_is_admitted_once_and_a_second_scan_says_when() {
            spec.given(prepared(), deliveredOnline(ONLINE_1)).when(new AdmitTicket(ORDER, ONLINE_1, LATER))
                    .then(new TicketAdmitted(PURCHASE, USER, ONLINE_1, LATER));
            spec.given(prepared(), deliveredOnline(ONLINE_1), new TicketAdmitted(PURCHASE, USER, ONLINE_1, LATER))
                    .when(new AdmitTicket(ORDER, ONLINE_1, LATER.plusSeconds(5)))
                    .thenRejectedWith(TicketAlreadyAdmitted.class, e -> assertThat(e.admittedAt()).isEqualTo(LATER));
        }

        @Test
        void a_revoked_ticket_is_refused_even_if_it_was_delivered() {
            spec.given(prepared(), deliveredOnline(ONLINE_1), revoked()).when(new AdmitTicket(ORDER, ONLINE_1, LATER))
                    .thenRejectedWith(TicketRevoked.class);
        }

        @Test
        void a_ticket_not_delivered_yet_is_refused() {
            spec.given(prepared()).when(new AdmitTicket(ORDER, PRINTED_1, LATER)).thenRejectedWith(TicketNotDelivered.class);
        }

        @Test
        void an_unknown_ticket_is_refused() {
            spec.given(prepared()).when(new AdmitTicket(ORDER, UUID.randomUUID(), LATER))
                    .thenRejectedWith(TicketNotFound.class);
            spec.given().when(new AdmitTicket(ORDER, ONLINE_1, LATER)).thenRejectedWith(TicketNotFound.class);
        }
    }
}
