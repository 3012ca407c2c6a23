package tickets.eventsourcing.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;

/**
 * The one rule for per-customer data, used by every service: an admin sees everything, a
 * customer only what belongs to them (owner = the token's subject), an anonymous caller nothing.
 */
public final class AccessControl {

    public static final String ADMIN = "admin";
    public static final String CUSTOMER = "customer";

    private AccessControl() {
    }

    /** The caller's user id: the token's subject (Keycloak's user id). */
    public static String userId(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return principal.getName();
    }

    /** The caller's user id as a UUID (Keycloak's ids are); a token with another kind of subject cannot own data. */
    public static java.util.UUID userUuid(SecurityIdentity identity) {
        String id = userId(identity);
        try {
            return java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ForbiddenException("the token's subject is not a user id of this platform");
        }
    }

    public static boolean isAdmin(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.hasRole(ADMIN);
    }

    /** Passes for an admin or the owner; 401 for an anonymous caller; 403 for anyone else. */
    public static void requireOwnerOrAdmin(SecurityIdentity identity, String ownerUserId) {
        String caller = userId(identity);
        if (!isAdmin(identity) && !caller.equals(ownerUserId)) {
            throw new ForbiddenException("this resource belongs to another user");
        }
    }
}
