package tickets.eventsourcing.http;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import tickets.eventsourcing.security.AccessControl;

import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reading one row that only its owner or an admin may see: the same answers on every service's API. */
public final class OwnedReads {

    private OwnedReads() {
    }

    /**
     * Whose rows a "mine" list shows: the caller's, or, for an admin who names one
     * ({@code userParam}), that user's. Another customer naming someone is a 403; a malformed id a 400.
     */
    public static UUID listedUser(io.quarkus.security.identity.SecurityIdentity identity, String userParam,
                                  String listed) {
        if (userParam != null && !AccessControl.isAdmin(identity)) {
            throw new jakarta.ws.rs.ForbiddenException("only an admin may list another customer's " + listed);
        }
        return userParam == null ? AccessControl.userUuid(identity) : Requests.pathId(userParam,
                id -> tickets.eventsourcing.ValidationException.field("userId", "must be a user id"));
    }

    /**
     * The row {@code found} gives, once the caller is its owner or an admin: 404 ({@code notFound})
     * when there is none, 403 when it is another customer's.
     */
    public static <V> Uni<V> ownerOrAdmin(Uni<V> found, Supplier<? extends RuntimeException> notFound,
                                          Function<V, UUID> owner, CurrentIdentityAssociation identities) {
        return found.chain(row -> {
            if (row == null) {
                throw notFound.get();
            }
            return identities.getDeferredIdentity().map(identity -> {
                AccessControl.requireOwnerOrAdmin(identity, String.valueOf(owner.apply(row)));
                return row;
            });
        });
    }
}
