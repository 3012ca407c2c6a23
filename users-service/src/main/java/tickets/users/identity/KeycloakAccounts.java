package tickets.users.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import tickets.eventsourcing.DependencyUnavailable;
import tickets.eventsourcing.ValidationException;
import tickets.users.Role;
import tickets.users.UserCommand.Profile;
import tickets.users.UserRules.UserAlreadyRegistered;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Accounts and realm roles in Keycloak, through its admin API as the confidential service client
 * (no admin password in this service). Blocking: call through {@code Blocking}. Passwords pass
 * through to Keycloak and are never logged or kept.
 */
@ApplicationScoped
public class KeycloakAccounts {

    private static final Logger LOG = Logger.getLogger(KeycloakAccounts.class);
    private static final Set<String> PLATFORM_ROLES = Arrays.stream(Role.values()).map(Role::realmRole)
            .collect(Collectors.toSet());

    /** A Keycloak account as the reconciler sees it. */
    public record Account(UUID id, String username, String email, String displayName, boolean admin, Instant createdAt) {
    }

    /** Keycloak's user-profile attributes, as the registration request names them. */
    private static final Map<String, String> FIELDS = Map.of("username", "username", "email", "email",
            "firstName", "displayName", "lastName", "displayName", "password", "password");
    /** Keycloak's message keys for the refusals a registration meets, in words. */
    private static final Map<String, String> MESSAGES = Map.of(
            "error-invalid-email", "must be an e-mail address the identity provider accepts",
            "invalidEmailMessage", "must be an e-mail address the identity provider accepts",
            "error-invalid-length", "has a length the identity provider does not accept",
            "error-person-name-invalid-character", "contains characters the identity provider does not accept",
            "error-username-invalid-character", "contains characters the identity provider does not accept",
            "error-invalid-value", "is not accepted by the identity provider");
    /** Keycloak refuses names with these (its person-name validator); the event store keeps the exact display name. */
    private static final Pattern NOT_A_PERSON_NAME_CHARACTER = Pattern.compile("[^\\p{L}\\p{M}\\p{N} .,'-]+");

    private final Keycloak keycloak;
    private final String realmName;
    private final ObjectMapper json;

    @Inject
    public KeycloakAccounts(Keycloak keycloak, @ConfigProperty(name = "tickets.keycloak.realm") String realmName,
                            ObjectMapper json) {
        this.keycloak = keycloak;
        this.realmName = realmName;
        this.json = json;
    }

    /** Creates an enabled account with the customer role; its id becomes the user's id. */
    public UUID create(Profile profile, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(profile.username());
        user.setEmail(profile.email());
        user.setEmailVerified(true);
        user.setEnabled(true);
        // Keycloak's copy of the name only needs to be acceptable to Keycloak
        String keycloakName = NOT_A_PERSON_NAME_CHARACTER.matcher(profile.displayName()).replaceAll(" ").strip();
        String[] names = (keycloakName.isEmpty() ? profile.username() : keycloakName).split("\\s+", 2);
        user.setFirstName(names[0]);
        user.setLastName(names.length > 1 ? names[1] : names[0]);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));

        UUID id = admin("create the account", () -> {
            try (Response response = realm().users().create(user)) {
                int status = response.getStatus();
                if (status == 201) {
                    return UUID.fromString(CreatedResponseUtil.getCreatedId(response));
                }
                String body = response.readEntity(String.class);
                if (status == 409) {
                    throw new UserAlreadyRegistered("that username or e-mail");
                }
                if (status == 400) {
                    throw refusal(body);
                }
                throw new WebApplicationException("Keycloak answered " + status + ": " + body, status);
            }
        });
        try {
            setRole(id, Role.CUSTOMER);
        } catch (RuntimeException e) {
            delete(id);
            throw e;
        }
        return id;
    }

    /** Gives the account exactly {@code role} among the platform's roles (idempotent). */
    public void setRole(UUID id, Role role) {
        admin("set the role", () -> {
            var mappings = realm().users().get(id.toString()).roles().realmLevel();
            List<RoleRepresentation> current = mappings.listAll();
            List<RoleRepresentation> stale = current.stream()
                    .filter(r -> PLATFORM_ROLES.contains(r.getName()) && !r.getName().equals(role.realmRole()))
                    .toList();
            if (!stale.isEmpty()) {
                mappings.remove(stale);
            }
            if (current.stream().noneMatch(r -> r.getName().equals(role.realmRole()))) {
                mappings.add(List.of(realm().roles().get(role.realmRole()).toRepresentation()));
            }
            return null;
        });
    }

    /** Undoes a creation whose registration could not be recorded (best effort; the reconciler covers a crash). */
    public void delete(UUID id) {
        try {
            admin("delete the account", () -> {
                realm().users().delete(id.toString()).close();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not remove Keycloak account %s after a failed registration: %s", id, e.getMessage());
        }
    }

    /** Every human account of the realm (service accounts left out). */
    public List<Account> all() {
        return admin("list the accounts", () -> {
            // one call for the admins instead of one role lookup per account
            Set<String> admins = realm().roles().get(Role.ADMIN.realmRole()).getUserMembers(0, Integer.MAX_VALUE)
                    .stream().map(UserRepresentation::getId).collect(Collectors.toSet());
            List<Account> accounts = new ArrayList<>();
            int page = 100;
            for (int first = 0; ; first += page) {
                List<UserRepresentation> batch = realm().users().list(first, page);
                for (UserRepresentation user : batch) {
                    if (user.getUsername().startsWith("service-account-")) {
                        continue;
                    }
                    String name = String.join(" ", nonBlank(user.getFirstName()), nonBlank(user.getLastName())).strip();
                    Instant created = user.getCreatedTimestamp() == null ? Instant.EPOCH
                            : Instant.ofEpochMilli(user.getCreatedTimestamp());
                    accounts.add(new Account(UUID.fromString(user.getId()), user.getUsername(), user.getEmail(),
                            name.isEmpty() ? user.getUsername() : name, admins.contains(user.getId()), created));
                }
                if (batch.size() < page) {
                    return accounts;
                }
            }
        });
    }

    /** How many accounts have this username (for tests and diagnostics). */
    public int countByUsername(String username) {
        return admin("search accounts", () -> realm().users().searchByUsername(username, true).size());
    }

    private RealmResource realm() {
        return keycloak.realm(realmName);
    }

    /** Runs an admin call; an unreachable or failing Keycloak becomes a 503 that says nothing was done. */
    private <T> T admin(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (UserAlreadyRegistered | ValidationException e) {
            throw e;
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() >= 500) {
                throw new DependencyUnavailable("the identity provider failed to " + what + "; nothing was changed", e);
            }
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof ProcessingException || causedByIo(e)) {
                throw new DependencyUnavailable("the identity provider is unreachable, so nothing was changed; try again", e);
            }
            throw e;
        }
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keycloak's 400 on a new account, as the request's field: its user-profile errors name an
     * attribute ({@code field}), its password-policy errors name none but are about the password.
     */
    private ValidationException refusal(String body) {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (Exception e) {
            return new ValidationException("the identity provider refused the registration");
        }
        List<JsonNode> errors = new ArrayList<>();
        if (answer.has("errors") && answer.get("errors").isArray()) {
            answer.get("errors").forEach(errors::add);
        } else {
            errors.add(answer);
        }
        List<ValidationException.FieldError> fieldErrors = new ArrayList<>();
        for (JsonNode error : errors) {
            String key = firstText(error, "errorMessage", "error", "error_description");
            String attribute = firstText(error, "field");
            String field = attribute != null ? FIELDS.getOrDefault(attribute, attribute)
                    : key != null && key.toLowerCase(java.util.Locale.ROOT).contains("password") ? "password" : null;
            String message = key == null ? "is not accepted by the identity provider"
                    : MESSAGES.getOrDefault(key, firstText(error, "error_description") != null
                            ? firstText(error, "error_description") : key);
            if (field != null) {
                fieldErrors.add(new ValidationException.FieldError(field, message));
            }
        }
        if (fieldErrors.isEmpty()) {
            return new ValidationException("the identity provider refused the registration");
        }
        return new ValidationException(fieldErrors.stream().map(e -> e.field() + ": " + e.message())
                .collect(Collectors.joining("; ")), fieldErrors);
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name) && !node.get(name).asText().isBlank()) {
                return node.get(name).asText();
            }
        }
        return null;
    }

    private static String nonBlank(String value) {
        return value == null ? "" : value;
    }
}
