package tickets.carts.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.List;
import java.util.UUID;

/** Read model of a cart. */
@Entity
@Table(name = "cart_view")
public class CartView extends PanacheEntityBase {

    /** A line; the price is known once the cart is confirmed. */
    public record Line(UUID concertId, String ticketLevel, int quantity, Long unitPriceMinor) {
    }

    /** Wrapped in an object: the reactive client binds JSON columns as objects. */
    public record Lines(List<Line> lines) {
    }

    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    public String status;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Lines lines;
    @Column(name = "total_minor")
    public Long totalMinor;
    public String currency;
    public long version;
}
