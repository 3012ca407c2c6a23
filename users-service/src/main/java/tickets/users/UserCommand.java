package tickets.users;

import tickets.eventsourcing.ValidationException;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** What can happen to a user account. Valid by construction; the aggregate checks the state. */
public sealed interface UserCommand {

    UUID userId();

    /** {@code userId} is the identity provider's id for the account (the tokens' subject). */
    record RegisterUser(UUID userId, Profile profile, Role role) implements UserCommand {
        public RegisterUser {
            ValidationException.required(userId, "userId");
            ValidationException.required(profile, "profile");
            ValidationException.required(role, "role");
        }
    }

    /**
     * {@code currentAdmins} is how many admins there are right now (counted under a lock by the
     * handler), so the aggregate can refuse to demote the last one without doing I/O.
     */
    record UpdateUserRole(UUID userId, Role role, long currentAdmins) implements UserCommand {
        public UpdateUserRole {
            ValidationException.required(userId, "userId");
            ValidationException.required(role, "role");
        }
    }

    /** Who the user is: a unique username and e-mail, and a name to show. */
    record Profile(String username, String email, String displayName) {

        private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,49}");

        public Profile {
            ValidationException.required(username, "username");
            username = username.strip().toLowerCase(Locale.ROOT);
            ValidationException.require(USERNAME.matcher(username).matches(), "username",
                    "3 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit");
            email = ValidationException.text(email, "email", 254).toLowerCase(Locale.ROOT);
            ValidationException.require(EmailAddress.isValid(email), "email", "must be an e-mail address");
            displayName = ValidationException.text(displayName, "displayName", 100);
        }
    }
}
