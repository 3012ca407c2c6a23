package tickets.payments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;

/**
 * What payments counts for its alerts, each present at 0 from the start (so "none" is a 0, not a gap):
 * {@code tickets_payments_late_captures_total}, provider successes after a payment had failed (each refunded in
 * full), {@code tickets_payments_provider_refusals_total{call}}, requests of ours the provider refused, and
 * {@code tickets_payments_provider_mismatches_total}, answers that did not match the payment they named.
 */
@ApplicationScoped
public class PaymentMetrics {

    /** The calls to the provider, as the refusals are counted. */
    public static final List<String> CALLS = List.of("charge", "status query", "refund");

    private final MeterRegistry metrics;

    @Inject
    public PaymentMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    void atStart(@Observes io.quarkus.runtime.StartupEvent start) {
        lateCapture();
        mismatches();
        CALLS.forEach(this::refusals);
    }

    /** Provider answers that named another payment of theirs, amount or currency than ours: never applied. */
    public Counter mismatches() {
        return Counter.builder("tickets.payments.provider.mismatches")
                .description("provider answers that do not match our payment (another provider payment, amount or currency)")
                .register(metrics);
    }

    Counter lateCapture() {
        return Counter.builder("tickets.payments.late.captures")
                .description("provider successes that came after the payment had failed (each is refunded in full)")
                .register(metrics);
    }

    public Counter refusals(String call) {
        return Counter.builder("tickets.payments.provider.refusals").tag("call", call)
                .description("requests of ours the provider refused (not a customer's decline): needs a person")
                .register(metrics);
    }
}
