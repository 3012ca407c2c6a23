package tickets.users.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** Read model of a user account; rebuilt from the event table if lost. */
@Entity
@Table(name = "user_view")
public class UserView extends PanacheEntityBase {

    @Id
    public UUID id;
    public String username;
    public String email;
    @Column(name = "display_name")
    public String displayName;
    public String role;
    public long version;
}
