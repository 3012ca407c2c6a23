package tickets.finance.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.eventsourcing.ReadModel;
import tickets.finance.UserFinancialInfo;

import java.util.List;
import java.util.UUID;

/** Keeps {@link FinancialInfoView} equal to each record, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class FinancialInfoProjection implements ReadModel<UserFinancialInfo> {

    @Override
    public Uni<Void> write(UUID streamId, UserFinancialInfo info, long version) {
        FinancialInfoView view = new FinancialInfoView();
        view.userId = streamId;
        view.registered = info.registered();
        view.totals = new FinancialInfoView.Currencies(info.totals());
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }

    @Override
    public List<String> tables() {
        return List.of("financial_info_view");
    }
}
