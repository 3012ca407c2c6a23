package tickets.payments;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.contracts.Money;
import tickets.payments.PaymentCommand.ConfirmPayment;
import tickets.payments.PaymentCommand.FailPayment;
import tickets.payments.PaymentCommand.NoteProviderPayment;
import tickets.payments.PaymentCommand.SendCharge;
import tickets.payments.PaymentEvent.ChargeSent;
import tickets.payments.PaymentEvent.LateCaptureRefunded;
import tickets.payments.PaymentEvent.PaymentCapturedAfterFailure;
import tickets.payments.PaymentEvent.ProviderPaymentNoted;
import tickets.payments.PaymentRules.ProviderAnswerMismatch;
import tickets.payments.PaymentCommand.InitiatePayment;
import tickets.payments.PaymentCommand.RecordRefund;
import tickets.payments.PaymentCommand.RequestRefund;
import tickets.payments.PaymentEvent.PaymentConfirmed;
import tickets.payments.PaymentEvent.PaymentFailed;
import tickets.payments.PaymentEvent.PaymentInitiated;
import tickets.payments.PaymentEvent.PaymentRefunded;
import tickets.payments.PaymentEvent.RefundRequested;
import tickets.payments.PaymentRules.NotYetSettled;
import tickets.payments.PaymentRules.PaymentAlreadyInitiated;
import tickets.payments.PaymentRules.PaymentNotFound;
import tickets.payments.PaymentRules.RefundExceedsCapture;
import tickets.testkit.AggregateSpec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The payment's rules, Given/When/Then: settled once by the provider, refunded at most once per order and never beyond the capture. */
class PaymentTest {

    private static final UUID PAYMENT = UUID.fromString("00000000-0000-0000-0000-0000000a9a41");
    private static final UUID PURCHASE = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID ORDER_1 = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID ORDER_2 = UUID.fromString("00000000-0000-0000-0000-0000000000d2");
    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final Money AMOUNT = Money.of(5_000, "EUR");
    private static final List<PaidLine> LINES = List.of(new PaidLine(ORDER_1, CONCERT, "Regular", 2, 1_500),
            new PaidLine(ORDER_2, CONCERT, "Balcony", 1, 2_000));
    private static final Instant AT = Instant.parse("2026-06-01T18:00:00Z");

    private final AggregateSpec<Payment, PaymentCommand, PaymentEvent> spec =
            AggregateSpec.of(Payment.INITIAL, Payment::evolve, Payment::decide);

    private static PaymentInitiated initiated() {
        return new PaymentInitiated(PAYMENT, PURCHASE, USER, AMOUNT, LINES, "pm_card_visa", "key-12345678", "fp");
    }

    private static PaymentConfirmed confirmed(String by) {
        return new PaymentConfirmed(PAYMENT, PURCHASE, USER, AMOUNT, "py_1", AT, by);
    }

    private static PaymentFailed failed() {
        return new PaymentFailed(PAYMENT, PURCHASE, USER, "card_declined", "charge");
    }

    @Nested
    class Initiate {

        @Test
        void a_payment_starts_pending_with_the_purchases_lines_and_amount() {
            Payment payment = spec.given()
                    .when(new InitiatePayment(PAYMENT, PURCHASE, USER, AMOUNT, LINES, "pm_card_visa", "key-12345678", "fp"))
                    .then(initiated());
            assertThat(payment.status()).isEqualTo(Payment.Status.PENDING);
            assertThat(payment.amount()).isEqualTo(AMOUNT);
            assertThat(payment.lines()).isEqualTo(LINES);
        }

        @Test
        void a_purchase_is_paid_once() {
            spec.given(initiated())
                    .when(new InitiatePayment(PAYMENT, PURCHASE, USER, AMOUNT, LINES, "pm_card_visa", "key-other-1", "fp2"))
                    .thenRejectedWith(PaymentAlreadyInitiated.class);
            spec.given(initiated(), failed())
                    .when(new InitiatePayment(PAYMENT, PURCHASE, USER, AMOUNT, LINES, "pm_card_visa", "key-other-1", "fp2"))
                    .thenRejectedWith(PaymentAlreadyInitiated.class);
        }
    }

    @Nested
    class Settle {

        @Test
        void the_providers_success_confirms_it_with_who_told_us() {
            Payment payment = spec.given(initiated()).when(new ConfirmPayment(PAYMENT, "py_1", AMOUNT, AT, "webhook"))
                    .then(confirmed("webhook"));
            assertThat(payment.status()).isEqualTo(Payment.Status.CONFIRMED);
            assertThat(payment.providerReference()).isEqualTo("py_1");
            assertThat(payment.settledBy()).isEqualTo("webhook");
        }

        @Test
        void the_providers_refusal_fails_it_with_the_reason() {
            Payment payment = spec.given(initiated()).when(new FailPayment(PAYMENT, "card_declined", "charge"))
                    .then(failed());
            assertThat(payment.status()).isEqualTo(Payment.Status.FAILED);
            assertThat(payment.failureReason()).isEqualTo("card_declined");
        }

        @Test
        void a_late_provider_answer_after_a_final_state_changes_nothing() {
            spec.given(initiated(), confirmed("charge")).when(new ConfirmPayment(PAYMENT, "py_1", AMOUNT, AT, "webhook"))
                    .thenNothingHappens();
            spec.given(initiated(), confirmed("webhook")).when(new FailPayment(PAYMENT, "card_declined", "status query"))
                    .thenNothingHappens();
            spec.given(initiated(), failed()).when(new FailPayment(PAYMENT, "card_declined", "webhook"))
                    .thenNothingHappens();
        }

        @Test
        void a_success_after_the_payment_failed_is_reported_and_refunded_in_full_once() {
            PaymentCapturedAfterFailure late = new PaymentCapturedAfterFailure(PAYMENT, PURCHASE, USER, AMOUNT, "py_1", AT,
                    "webhook");
            Payment payment = spec.given(initiated(), failed()).when(new ConfirmPayment(PAYMENT, "py_1", AMOUNT, AT, "webhook"))
                    .then(late, new RefundRequested(PAYMENT, PAYMENT, AMOUNT));
            assertThat(payment.status()).as("the purchase was not paid: nothing is sold for it")
                    .isEqualTo(Payment.Status.FAILED);
            assertThat(payment.lateCapture().done()).isFalse();

            spec.given(initiated(), failed(), late, new RefundRequested(PAYMENT, PAYMENT, AMOUNT))
                    .when(new ConfirmPayment(PAYMENT, "py_1", AMOUNT, AT, "status query")).thenNothingHappens();
            Payment refunded = spec.given(initiated(), failed(), late, new RefundRequested(PAYMENT, PAYMENT, AMOUNT))
                    .when(new RecordRefund(PAYMENT, PAYMENT, "re_9", AT))
                    .then(new LateCaptureRefunded(PAYMENT, PURCHASE, USER, AMOUNT, "re_9", AT));
            assertThat(refunded.lateCapture().done()).isTrue();
            assertThat(refunded.refunded()).as("no compensated order's refund").isEqualTo(Money.zero("EUR"));
            spec.given(initiated(), failed(), late, new RefundRequested(PAYMENT, PAYMENT, AMOUNT),
                            new LateCaptureRefunded(PAYMENT, PURCHASE, USER, AMOUNT, "re_9", AT))
                    .when(new RecordRefund(PAYMENT, PAYMENT, "re_10", AT)).thenNothingHappens();
        }

        @Test
        void an_answer_for_another_amount_currency_or_provider_payment_is_refused_whatever_the_state() {
            spec.given(initiated()).when(new ConfirmPayment(PAYMENT, "py_1", Money.of(4_999, "EUR"), AT, "webhook"))
                    .thenRejectedWith(ProviderAnswerMismatch.class);
            spec.given(initiated()).when(new ConfirmPayment(PAYMENT, "py_1", Money.of(5_000, "USD"), AT, "webhook"))
                    .thenRejectedWith(ProviderAnswerMismatch.class);
            spec.given(initiated(), new ProviderPaymentNoted(PAYMENT, "py_1"))
                    .when(new ConfirmPayment(PAYMENT, "py_other", AMOUNT, AT, "webhook"))
                    .thenRejectedWith(ProviderAnswerMismatch.class);
            spec.given(initiated(), failed()).when(new ConfirmPayment(PAYMENT, "py_1", Money.of(1, "EUR"), AT, "webhook"))
                    .thenRejectedWith(ProviderAnswerMismatch.class);
            spec.given(initiated(), new ProviderPaymentNoted(PAYMENT, "py_1"))
                    .when(new ConfirmPayment(PAYMENT, "py_1", AMOUNT, AT, "webhook")).then(confirmed("webhook"));
        }

        @Test
        void each_charge_that_goes_out_is_counted_and_none_after_the_payment_settled() {
            Payment twice = spec.given(initiated(), new ChargeSent(PAYMENT, 1, AT)).when(new SendCharge(PAYMENT, AT))
                    .then(new ChargeSent(PAYMENT, 2, AT));
            assertThat(twice.chargesSent()).isEqualTo(2);
            spec.given(initiated(), confirmed("charge")).when(new SendCharge(PAYMENT, AT)).thenNothingHappens();
            spec.given(initiated(), failed()).when(new SendCharge(PAYMENT, AT)).thenNothingHappens();
        }

        @Test
        void the_providers_payment_is_noted_once_while_pending_and_never_replaced() {
            spec.given(initiated()).when(new NoteProviderPayment(PAYMENT, "py_1"))
                    .then(new ProviderPaymentNoted(PAYMENT, "py_1"));
            spec.given(initiated(), new ProviderPaymentNoted(PAYMENT, "py_1")).when(new NoteProviderPayment(PAYMENT, "py_1"))
                    .thenNothingHappens();
            spec.given(initiated(), new ProviderPaymentNoted(PAYMENT, "py_1")).when(new NoteProviderPayment(PAYMENT, "py_2"))
                    .thenRejectedWith(ProviderAnswerMismatch.class);
        }

        @Test
        void an_answer_about_an_unknown_payment_is_refused() {
            spec.given().when(new ConfirmPayment(PAYMENT, "py_1", AMOUNT, AT, "webhook")).thenRejectedWith(PaymentNotFound.class);
            spec.given().when(new FailPayment(PAYMENT, "x", "webhook")).thenRejectedWith(PaymentNotFound.class);
        }
    }

    @Nested
    class Refund {

        private final Money first = Money.of(3_000, "EUR");
        private final Money second = Money.of(2_000, "EUR");

        @Test
        void a_compensated_order_is_refunded_its_amount_once_the_provider_did_it() {
            spec.given(initiated(), confirmed("charge")).when(new RequestRefund(PAYMENT, ORDER_1, first))
                    .then(new RefundRequested(PAYMENT, ORDER_1, first));
            Payment payment = spec.given(initiated(), confirmed("charge"), new RefundRequested(PAYMENT, ORDER_1, first))
                    .when(new RecordRefund(PAYMENT, ORDER_1, "re_1", AT))
                    .then(new PaymentRefunded(PAYMENT, PURCHASE, USER, ORDER_1, first, "re_1", AT));
            assertThat(payment.refunded()).isEqualTo(first);
        }

        @Test
        void an_order_is_refunded_at_most_once() {
            spec.given(initiated(), confirmed("charge"), new RefundRequested(PAYMENT, ORDER_1, first))
                    .when(new RequestRefund(PAYMENT, ORDER_1, first)).thenNothingHappens();
            spec.given(initiated(), confirmed("charge"), new RefundRequested(PAYMENT, ORDER_1, first),
                            new PaymentRefunded(PAYMENT, PURCHASE, USER, ORDER_1, first, "re_1", AT))
                    .when(new RecordRefund(PAYMENT, ORDER_1, "re_2", AT)).thenNothingHappens();
            spec.given(initiated(), confirmed("charge"), new RefundRequested(PAYMENT, ORDER_1, first),
                            new PaymentRefunded(PAYMENT, PURCHASE, USER, ORDER_1, first, "re_1", AT))
                    .when(new RequestRefund(PAYMENT, ORDER_1, first)).thenNothingHappens();
        }

        @Test
        void never_more_than_was_captured() {
            spec.given(initiated(), confirmed("charge"), new RefundRequested(PAYMENT, ORDER_1, first))
                    .when(new RequestRefund(PAYMENT, ORDER_2, Money.of(2_001, "EUR")))
                    .thenRejectedWith(RefundExceedsCapture.class);
            Payment both = spec.given(initiated(), confirmed("charge"), new RefundRequested(PAYMENT, ORDER_1, first))
                    .when(new RequestRefund(PAYMENT, ORDER_2, second))
                    .then(new RefundRequested(PAYMENT, ORDER_2, second));
            assertThat(both.refunds()).hasSize(2);
        }

        @Test
        void nothing_is_refunded_of_a_failed_payment_and_a_pending_one_waits_for_its_answer() {
            spec.given(initiated(), failed()).when(new RequestRefund(PAYMENT, ORDER_1, first)).thenNothingHappens();
            spec.given(initiated()).when(new RequestRefund(PAYMENT, ORDER_1, first)).thenRejectedWith(NotYetSettled.class);
        }

        @Test
        void a_refund_that_was_never_requested_is_not_recorded() {
            spec.given(initiated(), confirmed("charge")).when(new RecordRefund(PAYMENT, ORDER_1, "re_1", AT))
                    .thenNothingHappens();
        }
    }
}
