package tickets.delivery.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import tickets.contracts.ShippingAddress;

import java.time.Instant;
import java.util.UUID;

/** Read model of one ticket. */
@Entity
@Table(name = "ticket_view")
public class TicketView extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "order_id")
    public UUID orderId;
    @Column(name = "purchase_id")
    public UUID purchaseId;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "concert_id")
    public UUID concertId;
    @Column(name = "ticket_level")
    public String ticketLevel;
    public String method;
    public String status;
    public String code;
    @Column(name = "prepared_at")
    public Instant preparedAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    public String carrier;
    @Column(name = "tracking_number")
    public String trackingNumber;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "shipping_address", columnDefinition = "jsonb")
    public ShippingAddress shippingAddress;
    @Column(name = "admitted_at")
    public Instant admittedAt;
    @Column(name = "revoked_reason")
    public String revokedReason;
    public long version;
}
