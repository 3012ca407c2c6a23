package tickets.users.api;

import tickets.users.User;
import tickets.users.projections.UserView;

import java.util.List;
import java.util.UUID;

/** A user as clients see it. No password, ever. */
public record UserResponse(UUID id, String username, String email, String displayName, String role, long version) {

    static UserResponse from(User user, long version) {
        return new UserResponse(user.id(), user.profile().username(), user.profile().email(),
                user.profile().displayName(), user.role().realmRole(), version);
    }

    static UserResponse from(UserView view) {
        return new UserResponse(view.id, view.username, view.email, view.displayName,
                tickets.users.Role.valueOf(view.role).realmRole(), view.version);
    }

    /** One page of users. */
    public record Page(List<UserResponse> items, int page, int size, long total) {
    }

    /** Registration input; the password goes to Keycloak only. */
    public record RegisterRequest(String username, String email, String password, String displayName) {
        @Override
        public String toString() {
            return "RegisterRequest[username=" + username + ", email=" + email + ", displayName=" + displayName + "]";
        }
    }

    public record RoleRequest(String role) {
    }
}
