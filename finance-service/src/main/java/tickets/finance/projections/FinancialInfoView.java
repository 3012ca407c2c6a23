package tickets.finance.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import tickets.finance.UserFinancialInfo;

import java.util.List;
import java.util.UUID;

/** Read model of one customer's financial record: totals per currency. */
@Entity
@Table(name = "financial_info_view")
public class FinancialInfoView extends PanacheEntityBase {

    /** The totals per currency (one jsonb object: Hibernate maps a top-level JSON list poorly). */
    public record Currencies(List<UserFinancialInfo.Totals> currencies) {
    }

    @Id
    @Column(name = "user_id")
    public UUID userId;
    public boolean registered;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Currencies totals;
    public long version;
}
