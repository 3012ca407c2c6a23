package tickets.payments;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tickets.contracts.Money;
import tickets.eventsourcing.Blocking;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.timers.CallingDueWorkHandler;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWork;
import tickets.payments.PaymentCommand.ConfirmPayment;
import tickets.payments.PaymentCommand.FailPayment;
import tickets.payments.PaymentCommand.NoteProviderPayment;
import tickets.payments.PaymentCommand.RecordRefund;
import tickets.payments.PaymentCommand.SendCharge;
import tickets.payments.projections.PayablePurchases;
import tickets.payments.provider.PaymentProvider;
import tickets.payments.provider.ProviderAnswer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything said to the provider, as due work after the change that needs it committed, and never with a
 * transaction open ({@link CallingDueWorkHandler}: claim, commit, call, record): the charge (idempotency key =
 * the payment id, so a retry, a resend or a restart never charges twice), the status query after a charge that
 * may have arrived without an answer (until the provider knows; if it has no payment for us, the charge is sent
 * again), and each refund (key = the refund's id). A transient failure backs off and runs again; the provider's
 * answer becomes a command, judged by the payment as it is when the answer comes.
 */
public final class ProviderWork {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProviderWork.class);

    public static final String CHARGE = "provider-charge";
    public static final String STATUS = "provider-status";
    public static final String REFUND = "provider-refund";
    /** How long a new payment's charge is left to the request that started it before the poller sends it. */
    public static final Duration LEFT_TO_THE_REQUEST = Duration.ofSeconds(10);

    private ProviderWork() {
    }

    /** A refund's own id: one per (payment, order), also its idempotency key at the provider. */
    public static UUID refundId(UUID paymentId, UUID orderId) {
        return UUID.nameUUIDFromBytes(("refund:" + paymentId + ":" + orderId).getBytes(StandardCharsets.UTF_8));
    }

    /** Turns the provider's answer about a payment into the payment's next command (or the next call). */
    @ApplicationScoped
    public static class Settlement {

        @Inject
        CommandHandler commands;
        @Inject
        PaymentAggregate payments;
        @Inject
        DueWork dueWork;
        @Inject
        PaymentMetrics metrics;
        @ConfigProperty(name = "tickets.payments.status-query-after", defaultValue = "PT2S")
        Duration statusQueryAfter;

        Uni<Void> apply(UUID paymentId, ProviderAnswer answer, String answeredBy, CommandContext context) {
            return switch (answer) {
                case ProviderAnswer.Succeeded succeeded -> handle(paymentId, new ConfirmPayment(paymentId,
                        succeeded.providerReference(), succeeded.captured(), Instant.now(), answeredBy), context);
                case ProviderAnswer.Declined declined -> handle(paymentId, new FailPayment(paymentId, declined.reason(),
                        answeredBy), context);
                case ProviderAnswer.Pending pending -> (pending.providerReference() == null ? Uni.createFrom().voidItem()
                        : handle(paymentId, new NoteProviderPayment(paymentId, pending.providerReference()), context))
                        .chain(() -> dueWork.schedule(STATUS, paymentId, Instant.now().plus(statusQueryAfter), context));
                // the charge never arrived: sent again, with the same key, a little later each time
                case ProviderAnswer.Unknown unknown -> read(paymentId).chain(payment -> dueWork.schedule(CHARGE, paymentId,
                        Instant.now().plus(statusQueryAfter.multipliedBy(Math.min(10, Math.max(1, payment.chargesSent())))),
                        context));
                case ProviderAnswer.Unavailable unavailable -> Uni.createFrom().failure(
                        new IllegalStateException("the provider is unavailable: " + unavailable.why()));
                case ProviderAnswer.Refused refused -> Uni.createFrom().failure(new IllegalStateException(
                        "the provider refused our request: " + refused.status() + " " + refused.code()));
            };
        }

        /**
         * A command from the provider's answer. An answer that does not match the payment (another provider payment,
         * amount or currency) is not applied and not asked again (it would say the same): logged, counted and alerted on.
         */
        Uni<Void> handle(UUID paymentId, PaymentCommand command, CommandContext context) {
            return commands.handle(payments, paymentId, ExpectedVersion.ANY, command, context).replaceWithVoid()
                    .onFailure(PaymentRules.ProviderAnswerMismatch.class).recoverWithUni(mismatch -> {
                        LOG.errorf("not applied: %s", mismatch.getMessage());
                        metrics.mismatches().increment();
                        return Uni.createFrom().voidItem();
                    });
        }

        Uni<Payment> read(UUID paymentId) {
            return commands.read(payments, paymentId).map(result -> result.version() == 0 ? null : result.state());
        }

        /** A settled payment needs no more talk with the provider about its charge. */
        Uni<Payment> pendingPayment(UUID paymentId) {
            return read(paymentId).map(payment -> payment != null && payment.status() == Payment.Status.PENDING
                    ? payment : null);
        }
    }

    /** A charge to send: what the provider is told. */
    public record ChargeCall(UUID paymentId, Money amount, String paymentMethod) {
    }

    @ApplicationScoped
    public static class Charge implements CallingDueWorkHandler<ChargeCall, ProviderAnswer> {

        @Inject
        Settlement settlement;
        @Inject
        PaymentProvider provider;
        @Inject
        PayablePurchases purchases;

        @Override
        public String kind() {
            return CHARGE;
        }

        /**
         * Under the purchase's and the payment's locks: a free purchase is confirmed without the provider; one that
         * ended (or can no longer complete) before anything was sent fails without a charge; otherwise the attempt
         * is recorded (so the payment knows the provider may have the money from now on) and the charge goes out.
         */
        @Override
        public Uni<ChargeCall> prepare(DueItem item) {
            return settlement.pendingPayment(item.streamId()).chain(payment -> {
                if (payment == null) {
                    return Uni.createFrom().nullItem();
                }
                if (payment.free()) {
                    return settlement.handle(payment.id(), new ConfirmPayment(payment.id(), "no-charge", payment.amount(),
                            Instant.now(), "no charge: nothing to pay"), item.context()).replaceWith((ChargeCall) null);
                }
                Uni<Boolean> stillPayable = payment.chargesSent() > 0 ? Uni.createFrom().item(true)
                        : purchases.find(payment.purchaseId()).map(purchase -> purchase == null
                                || !(purchase.ended() || purchase.blocked()));
                return stillPayable.chain(payable -> payable
                        ? settlement.handle(payment.id(), new SendCharge(payment.id(), Instant.now()), item.context())
                                .replaceWith(new ChargeCall(payment.id(), payment.amount(), payment.paymentMethod()))
                        : settlement.handle(payment.id(), new FailPayment(payment.id(),
                                "the purchase ended before it was charged (nothing was charged)", "not charged"),
                                item.context()).replaceWith((ChargeCall) null));
            });
        }

        @Override
        public Uni<ProviderAnswer> call(ChargeCall charge) {
            return Blocking.call(() -> provider.charge(charge.paymentId().toString(), charge.paymentId().toString(),
                    charge.amount(), charge.paymentMethod()));
        }

        @Override
        public Uni<Void> record(DueItem item, ChargeCall charge, ProviderAnswer answer) {
            return settlement.apply(charge.paymentId(), answer, "charge", item.context());
        }

        @Override
        public Duration lease() {
            return Duration.ofSeconds(30);
        }
    }

    @ApplicationScoped
    public static class Status implements CallingDueWorkHandler<UUID, ProviderAnswer> {

        @Inject
        Settlement settlement;
        @Inject
        PaymentProvider provider;

        @Override
        public String kind() {
            return STATUS;
        }

        @Override
        public Uni<UUID> prepare(DueItem item) {
            return settlement.pendingPayment(item.streamId()).map(payment -> payment == null ? null : payment.id());
        }

        @Override
        public Uni<ProviderAnswer> call(UUID paymentId) {
            return Blocking.call(() -> provider.status(paymentId.toString()));
        }

        @Override
        public Uni<Void> record(DueItem item, UUID paymentId, ProviderAnswer answer) {
            return answer instanceof ProviderAnswer.Pending pending
                    ? Uni.createFrom().failure(new IllegalStateException("not settled yet: " + pending.why()))
                    : settlement.apply(paymentId, answer, "status query", item.context());
        }

        @Override
        public Duration lease() {
            return Duration.ofSeconds(30);
        }
    }

    /** A refund to ask for: its id (the idempotency key), the provider's payment and the amount. */
    public record RefundCall(UUID refundId, UUID paymentId, UUID orderId, String providerReference, Money amount) {
    }

    @ApplicationScoped
    public static class Refund implements CallingDueWorkHandler<RefundCall, java.util.Optional<String>> {

        @Inject
        Settlement settlement;
        @Inject
        PaymentProvider provider;

        @Override
        public String kind() {
            return REFUND;
        }

        @Override
        public Uni<RefundCall> prepare(DueItem item) {
            return Panache.getSession().chain(session -> session.createNativeQuery(
                            "select payment_id, order_id from refund_request where id = :id", Object[].class)
                    .setParameter("id", item.streamId()).getResultList())
                    .chain(rows -> {
                        if (rows.isEmpty()) {
                            return Uni.createFrom().nullItem();
                        }
                        UUID paymentId = (UUID) rows.get(0)[0];
                        UUID orderId = (UUID) rows.get(0)[1];
                        return settlement.read(paymentId).map(payment -> {
                            Payment.Refund refund = payment == null ? null
                                    : orderId.equals(paymentId) ? payment.lateCapture() : payment.refunds().get(orderId);
                            return refund == null || refund.done() ? null
                                    : new RefundCall(item.streamId(), paymentId, orderId, payment.providerReference(),
                                            refund.amount());
                        });
                    });
        }

        @Override
        public Uni<java.util.Optional<String>> call(RefundCall refund) {
            return Blocking.call(() -> provider.refund(refund.refundId().toString(), refund.providerReference(),
                    refund.amount()));
        }

        @Override
        public Uni<Void> record(DueItem item, RefundCall refund, java.util.Optional<String> reference) {
            return reference.isEmpty() ? Uni.createFrom().failure(new IllegalStateException("refund not done yet"))
                    : settlement.handle(refund.paymentId(), new RecordRefund(refund.paymentId(), refund.orderId(),
                            reference.get(), Instant.now()), item.context());
        }
    }
}
