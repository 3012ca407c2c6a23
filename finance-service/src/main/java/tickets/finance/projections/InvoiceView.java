package tickets.finance.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read model of one invoice (its id is the purchase's) with its lines and credit notes. */
@Entity
@Table(name = "invoice_view")
public class InvoiceView extends PanacheEntityBase {

    /** A line as printed: line total = quantity x unit price. */
    public record Line(UUID concertId, String ticketLevel, int quantity, long unitPriceMinor, long lineTotalMinor) {
    }

    public record CreditNote(String number, UUID orderId, long amountMinor, String providerRefundReference,
                             Instant issuedAt) {
    }

    /** The invoice's lines and credit notes (one jsonb object: Hibernate maps a top-level JSON list poorly). */
    public record Document(List<Line> lines, List<CreditNote> creditNotes) {
    }

    @Id
    public UUID id;
    public String number;
    @Column(name = "payment_id")
    public UUID paymentId;
    @Column(name = "user_id")
    public UUID userId;
    public String status;
    public String currency;
    @Column(name = "total_minor")
    public long totalMinor;
    @Column(name = "paid_minor")
    public long paidMinor;
    @Column(name = "credited_minor")
    public long creditedMinor;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "paid_at")
    public Instant paidAt;
    @Column(name = "provider_reference")
    public String providerReference;
    @Column(name = "voided_at")
    public Instant voidedAt;
    @Column(name = "void_reason")
    public String voidReason;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Document document;
    public long version;
}
