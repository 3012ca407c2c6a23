package tickets.orders;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import tickets.eventsourcing.Appended;
import jakarta.inject.Singleton;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.orders.projections.PurchaseProjection;

import java.util.List;
import java.util.UUID;

/** The Purchase aggregate as the command handler sees it: only its end is published. */
@Singleton // stateless; constructor-injected, so no client proxy
public class PurchaseAggregate extends EventSourcedAggregate<Purchase, PurchaseCommand, PurchaseEvent> {

    /** Time between the saga's milestones ({@code tickets_saga_step_seconds{step=held|paid|completed|delivered}}). */
    static final String SAGA_STEP = "tickets.saga.step";

    private final MeterRegistry metrics;

    @Inject
    public PurchaseAggregate(PurchaseProjection readModel, MeterRegistry metrics) {
        super("Purchase", PurchaseEvent.class, Purchase.INITIAL, Purchase::evolve, Purchase::decide, readModel);
        this.metrics = metrics;
    }

    /** Every step's timer exists from the start, so the dashboard and alerts see 0 purchases, not no data. */
    void registerAtZero(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        for (SagaMilestones.Milestone milestone : SagaMilestones.Milestone.values()) {
            if (milestone != SagaMilestones.Milestone.CONFIRMED) {
                timer(milestone);
            }
        }
    }

    /**
     * Measures the milestones the new events reached. Recorded as the purchase's events are written: a batch
     * handled again after a failed attempt may record a milestone twice, which a histogram can bear.
     */
    @Override
    public Uni<Void> react(Appended<Purchase, PurchaseEvent> appended) {
        int newSteps = (int) appended.newEvents().stream().filter(event -> !(event instanceof PurchaseEvent.PurchaseStarted)).count();
        for (SagaMilestones.Reached reached : SagaMilestones.reached(appended.stateAfter().steps(), newSteps)) {
            timer(reached.milestone()).record(reached.sincePrevious());
        }
        return Uni.createFrom().voidItem();
    }

    private Timer timer(SagaMilestones.Milestone milestone) {
        return Timer.builder(SAGA_STEP).tag("step", milestone.tag())
                .description("the purchase saga: time from the milestone before to this one")
                .publishPercentileHistogram().register(metrics);
    }

    @Override
    public List<OutgoingMessage> publish(UUID streamId, PurchaseEvent event) {
        if (event instanceof PurchaseEvent.PurchaseEnded ended) {
            return List.of(OutgoingMessage.of(new OrdersIntegrationEvent.PurchaseEnded(streamId, ended.userId(),
                    OrdersIntegrationEvent.Outcome.valueOf(ended.outcome().name()), ended.reason()),
                    OrdersIntegrationEvent.SCHEMA_VERSION));
        }
        return List.of();
    }
}
