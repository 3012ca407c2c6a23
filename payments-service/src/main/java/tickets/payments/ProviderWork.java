package tickets.payments;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tickets.eventsourcing.Blocking;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWork;
import tickets.eventsourcing.timers.DueWorkHandler;
import tickets.payments.PaymentCommand.ConfirmPayment;
import tickets.payments.PaymentCommand.FailPayment;
import tickets.payments.PaymentCommand.RecordRefund;
import tickets.payments.provider.PaymentProvider;
import tickets.payments.provider.ProviderAnswer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything said to the provider, as due work after the change that needs it committed: the
 * charge (idempotency key = the payment id, so a retry or a restart never charges twice), the
 * status query after a timeout (until the provider knows), and each refund (key = the refund's id).
 * A transient failure backs off and runs again; the provider's answer becomes a command.
 */
public final class ProviderWork {

    public static final String CHARGE = "provider-charge";
    public static final String STATUS = "provider-status";
    public static final String REFUND = "provider-refund";

    private ProviderWork() {
    }

    /** A refund's own id: one per (payment, order), also its idempotency key at the provider. */
    public static UUID refundId(UUID paymentId, UUID orderId) {
        return UUID.nameUUIDFromBytes(("refund:" + paymentId + ":" + orderId).getBytes(StandardCharsets.UTF_8));
    }

    /** Turns the provider's answer about a payment into the payment's next command (or a status query). */
    @ApplicationScoped
    public static class Settlement {

        @Inject
        CommandHandler commands;
        @Inject
        PaymentAggregate payments;
        @Inject
        DueWork dueWork;
        @ConfigProperty(name = "tickets.payments.status-query-after", defaultValue = "PT2S")
        Duration statusQueryAfter;

        Uni<Void> apply(UUID paymentId, ProviderAnswer answer, String answeredBy, CommandContext context) {
            return switch (answer) {
                case ProviderAnswer.Succeeded succeeded -> commands.handle(payments, paymentId, ExpectedVersion.ANY,
                        new ConfirmPayment(paymentId, succeeded.providerReference(), Instant.now(), answeredBy),
                        context).replaceWithVoid();
                case ProviderAnswer.Declined declined -> commands.handle(payments, paymentId, ExpectedVersion.ANY,
                        new FailPayment(paymentId, declined.reason(), answeredBy), context).replaceWithVoid();
                case ProviderAnswer.Pending pending -> dueWork.schedule(STATUS, paymentId,
                        Instant.now().plus(statusQueryAfter), context);
                case ProviderAnswer.Unavailable unavailable -> Uni.createFrom().failure(
                        new IllegalStateException("the provider is unavailable: " + unavailable.why()));
            };
        }

        /** A settled payment needs no more talk with the provider. */
        Uni<Payment> pendingPayment(UUID paymentId) {
            return commands.read(payments, paymentId).map(result -> result.state().status() == Payment.Status.PENDING
                    ? result.state() : null);
        }
    }

    @ApplicationScoped
    public static class Charge implements DueWorkHandler {

        @Inject
        Settlement settlement;
        @Inject
        PaymentProvider provider;

        @Override
        public String kind() {
            return CHARGE;
        }

        @Override
        public Uni<Void> run(DueItem item) {
            return settlement.pendingPayment(item.streamId()).chain(payment -> payment == null ? Uni.createFrom().voidItem()
                    : Blocking.call(() -> provider.charge(payment.id().toString(), payment.id().toString(), payment.amount(),
                            payment.paymentMethod()))
                    .chain(answer -> settlement.apply(payment.id(), answer, "charge", item.context())));
        }
    }

    @ApplicationScoped
    public static class Status implements DueWorkHandler {

        @Inject
        Settlement settlement;
        @Inject
        PaymentProvider provider;

        @Override
        public String kind() {
            return STATUS;
        }

        @Override
        public Uni<Void> run(DueItem item) {
            return settlement.pendingPayment(item.streamId()).chain(payment -> payment == null ? Uni.createFrom().voidItem()
                    : Blocking.call(() -> provider.status(payment.id().toString())).chain(answer ->
                            answer instanceof ProviderAnswer.Pending pending
                                    ? Uni.createFrom().failure(new IllegalStateException("not settled yet: " + pending.why()))
                                    : settlement.apply(payment.id(), answer, "status query", item.context())));
        }
    }

    @ApplicationScoped
    public static class Refund implements DueWorkHandler {

        @Inject
        CommandHandler commands;
        @Inject
        PaymentAggregate payments;
        @Inject
        PaymentProvider provider;

        @Override
        public String kind() {
            return REFUND;
        }

        @Override
        public Uni<Void> run(DueItem item) {
            return Panache.getSession().chain(session -> session.createNativeQuery(
                            "select payment_id, order_id from refund_request where id = :id", Object[].class)
                    .setParameter("id", item.streamId()).getResultList())
                    .chain(rows -> {
                        if (rows.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        UUID paymentId = (UUID) rows.get(0)[0];
                        UUID orderId = (UUID) rows.get(0)[1];
                        return commands.read(payments, paymentId).chain(result -> {
                            Payment.Refund refund = result.state().refunds().get(orderId);
                            if (refund == null || refund.done()) {
                                return Uni.createFrom().voidItem();
                            }
                            return Blocking.call(() -> provider.refund(item.streamId().toString(),
                                            result.state().providerReference(), refund.amount()))
                                    .chain(reference -> reference.isEmpty()
                                            ? Uni.createFrom().failure(new IllegalStateException("refund not done yet"))
                                            : commands.handle(payments, paymentId, ExpectedVersion.ANY,
                                                    new RecordRefund(paymentId, orderId, reference.get(), Instant.now()),
                                                    item.context()).replaceWithVoid());
                        });
                    });
        }
    }
}
