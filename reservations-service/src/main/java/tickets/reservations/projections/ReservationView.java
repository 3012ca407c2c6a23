package tickets.reservations.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import tickets.reservations.RejectedLine;
import tickets.reservations.ReservationLine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read model of a reservation (or of a cart's rejection). */
@Entity
@Table(name = "reservation_view")
public class ReservationView extends PanacheEntityBase {

    /** Wrapped in an object: the reactive client binds JSON columns as objects. */
    public record Lines(List<ReservationLine> lines, List<RejectedLine> rejected) {
    }

    @Id
    public UUID id;
    @Column(name = "cart_id")
    public UUID cartId;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "concert_id")
    public UUID concertId;
    public String status;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Lines lines;
    public String currency;
    @Column(name = "expires_at")
    public Instant expiresAt;
    public long version;
}
