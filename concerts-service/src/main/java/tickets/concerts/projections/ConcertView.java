package tickets.concerts.projections;

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

/** Read model of a concert, for listing and details; rebuilt from the event table if lost. */
@Entity
@Table(name = "concert_view")
public class ConcertView extends PanacheEntityBase {

    /** A ticket level as the read model stores it. */
    public record Level(String name, int capacity, long priceMinor, String currency, String deliveryMethod) {
    }

    /** The levels wrapped in an object: the reactive client binds JSON columns as objects, not arrays. */
    public record Levels(List<Level> levels) {
    }

    @Id
    public UUID id;
    public String title;
    public String artist;
    public String venue;
    @Column(name = "starts_at")
    public Instant startsAt;
    public String status;
    @Column(name = "cancellation_reason")
    public String cancellationReason;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ticket_levels", columnDefinition = "jsonb")
    public Levels ticketLevels;
    /** The stream version this view reflects: the resource's ETag. */
    public long version;
}
