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
