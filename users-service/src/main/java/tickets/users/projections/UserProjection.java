package tickets.users.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.eventsourcing.ReadModel;
import tickets.users.User;

import java.util.List;
import java.util.UUID;

/** Keeps {@link UserView} equal to the aggregate, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class UserProjection implements ReadModel<User> {

    public static final String TABLE = "user_view";
    /** The read model's uniqueness: two accounts never share a username or an e-mail. */
    public static final String USERNAME_TAKEN = "user_view_username_unique";
    public static final String EMAIL_TAKEN = "user_view_email_unique";

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public Uni<Void> write(UUID streamId, User user, long version) {
        UserView view = new UserView();
        view.id = user.id();
        view.username = user.profile().username();
        view.email = user.profile().email();
        view.displayName = user.profile().displayName();
        view.role = user.role().name();
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }
}
