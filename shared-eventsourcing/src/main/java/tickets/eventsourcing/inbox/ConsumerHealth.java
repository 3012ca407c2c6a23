package tickets.eventsourcing.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health of the saga consumers: a consumer that keeps failing on a record (the database is
 * down, say) holds its partition and retries; meanwhile {@code /q/health/group/saga} reports it
 * degraded, with the consumer, since when and the last error. Not part of readiness: a stuck
 * consumer does not make the service's HTTP answers wrong, and a readiness that went DOWN with it
 * would take every healthy replica out of its Service and stall rollouts (the database's own check
 * does that when the database is what is missing).
 */
@ApplicationScoped
public class ConsumerHealth {

    /** A consumer stuck on one record. */
    public record Stuck(Instant since, int attempts, String lastError) {
    }

    private final Map<String, Stuck> stuck = new ConcurrentHashMap<>();

    /**
     * How long the longest-stuck consumer has been retrying ({@code tickets_consumers_stuck_seconds}, 0 when none
     * is): a purchase waiting behind it is stuck as long. The alert on stuck sagas watches it.
     */
    void register(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start,
                  io.micrometer.core.instrument.MeterRegistry metrics) {
        io.micrometer.core.instrument.Gauge.builder("tickets.consumers.stuck", this, health -> health.stuck.values().stream()
                        .mapToDouble(one -> java.time.Duration.between(one.since(), Instant.now()).toMillis() / 1000.0)
                        .max().orElse(0))
                .baseUnit("seconds").description("how long the longest-stuck consumer has been retrying one record")
                .register(metrics);
    }

    void failed(String consumer, Throwable failure) {
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        stuck.merge(consumer, new Stuck(Instant.now(), 1, error),
                (before, now) -> new Stuck(before.since(), before.attempts() + 1, error));
    }

    void recovered(String consumer) {
        stuck.remove(consumer);
    }

    /** The consumers currently retrying a record. */
    public Map<String, Stuck> stuck() {
        return Map.copyOf(stuck);
    }

    /** The saga group's check: DOWN ("degraded") while a consumer is stuck, with who, since when and why. */
    @io.smallrye.health.api.HealthGroup(Check.GROUP)
    @ApplicationScoped
    public static class Check implements HealthCheck {

        /** Served at {@code /q/health/group/saga}. */
        public static final String GROUP = "saga";

        @Inject
        ConsumerHealth health;

        @Override
        public HealthCheckResponse call() {
            Map<String, Stuck> stuck = health.stuck();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("saga consumers").status(stuck.isEmpty());
            stuck.forEach((consumer, state) -> response.withData(consumer,
                    "retrying since " + state.since() + " (" + state.attempts() + " attempts): " + state.lastError()));
            return response.build();
        }
    }
}
