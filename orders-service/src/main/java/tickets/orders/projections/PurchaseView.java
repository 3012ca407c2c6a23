package tickets.orders.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import tickets.orders.Purchase;

import java.util.List;
import java.util.UUID;

/** Read model of a purchase: its status, its orders and every step with its time. */
@Entity
@Table(name = "purchase_view")
public class PurchaseView extends PanacheEntityBase {

    /** Wrapped in an object: the reactive client binds JSON columns as objects. */
    public record Timeline(List<Purchase.Order> orders, List<Purchase.Step> steps) {
    }

    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    public String status;
    public String outcome;
    @Column(name = "payment_status")
    public String paymentStatus;
    @Column(name = "payment_id")
    public UUID paymentId;
    @Column(name = "expected_orders")
    public int expectedOrders;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Timeline timeline;
    public long version;
}
