package tickets.orders.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import tickets.orders.OrderLine;

import java.util.List;
import java.util.UUID;

/** Read model of a ticket order. */
@Entity
@Table(name = "order_view")
public class OrderView extends PanacheEntityBase {

    /** Wrapped in an object: the reactive client binds JSON columns as objects. */
    public record Lines(List<OrderLine> lines) {
    }

    @Id
    public UUID id;
    @Column(name = "purchase_id")
    public UUID purchaseId;
    @Column(name = "reservation_id")
    public UUID reservationId;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "concert_id")
    public UUID concertId;
    public String status;
    public boolean compensated;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Lines lines;
    @Column(name = "total_minor")
    public long totalMinor;
    public String currency;
    @Column(name = "end_reason")
    public String endReason;
    public long version;
}
