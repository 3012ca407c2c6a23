package tickets.finance;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import tickets.contracts.finance.FinanceIntegrationEvent;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.finance.projections.FinancialInfoProjection;

import java.util.List;
import java.util.UUID;

/** The UserFinancialInfo aggregate as the command handler sees it. */
@Singleton // stateless; constructor-injected, so no client proxy
public class FinancialInfoAggregate
        extends EventSourcedAggregate<UserFinancialInfo, FinancialInfoCommand, FinancialInfoEvent> {

    @Inject
    public FinancialInfoAggregate(FinancialInfoProjection readModel) {
        super("UserFinancialInfo", FinancialInfoEvent.class, UserFinancialInfo.INITIAL, UserFinancialInfo::evolve,
                UserFinancialInfo::decide, readModel);
    }

    /** The one place where the record's events become integration events. */
    @Override
    public List<OutgoingMessage> publish(UUID userId, FinancialInfoEvent event) {
        return switch (event) {
            case FinancialInfoEvent.UserFinancialInfoCreated e -> List.of(OutgoingMessage.of(
                    new FinanceIntegrationEvent.UserFinancialInfoCreated(userId, e.at()),
                    FinanceIntegrationEvent.SCHEMA_VERSION));
            case FinancialInfoEvent.UserRegistrationNoted e -> List.of();
            case FinancialInfoEvent.UserFinancialInfoUpdated e -> List.of(OutgoingMessage.of(
                    new FinanceIntegrationEvent.UserFinancialInfoUpdated(userId, e.totalsAfter().stream()
                            .map(t -> new FinanceIntegrationEvent.CurrencyTotals(t.currency(), t.ongoingMinor(),
                                    t.ongoingCount(), t.completedMinor(), t.completedCount(), t.refundedMinor(),
                                    t.refundedCount(), t.failedCount())).toList(), e.at()),
                    FinanceIntegrationEvent.SCHEMA_VERSION));
        };
    }
}
