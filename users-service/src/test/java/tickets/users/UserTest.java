package tickets.users;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.ValidationException.FieldError;
import tickets.testkit.AggregateSpec;
import tickets.users.UserCommand.Profile;
import tickets.users.UserCommand.RegisterUser;
import tickets.users.UserCommand.UpdateUserRole;
import tickets.users.UserEvent.UserRegistered;
import tickets.users.UserEvent.UserRoleUpdated;
import tickets.users.UserRules.LastAdminCannotBeDemoted;
import tickets.users.UserRules.UserAlreadyRegistered;
import tickets.users.UserRules.UserNotFound;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The user aggregate's rules, read as Given/When/Then; no servers, no identity provider. */
class UserTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID OTHER_ID = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    private static final Profile ADA = new Profile("ada", "ada@example.org", "Ada Lovelace");
    private static final Profile GRACE = new Profile("grace", "grace@example.org", "Grace Hopper");

    private final AggregateSpec<User, UserCommand, UserEvent> spec =
            AggregateSpec.of(User.INITIAL, User::evolve, User::decide);

    private static UserRegistered registered(Role role) {
        return new UserRegistered(ID, ADA, role);
    }

    private static UserRoleUpdated roleUpdated(Role previous, Role role) {
        return new UserRoleUpdated(ID, previous, role);
    }

    @Nested
    class Register {

        @Test
        void a_new_user_is_registered_with_profile_and_role() {
            User after = spec.given()
                    .when(new RegisterUser(ID, ADA, Role.CUSTOMER))
                    .then(new UserRegistered(ID, ADA, Role.CUSTOMER));

            assertThat(after).isEqualTo(new User(ID, ADA, Role.CUSTOMER));
            assertThat(after.exists()).isTrue();
        }

        @Test
        void a_user_can_be_registered_as_admin() {
            spec.given()
                    .when(new RegisterUser(ID, ADA, Role.ADMIN))
                    .then(new UserRegistered(ID, ADA, Role.ADMIN));
        }

        @Test
        void cannot_register_a_user_twice() {
            spec.given(registered(Role.CUSTOMER))
                    .when(new RegisterUser(ID, ADA, Role.CUSTOMER))
                    .thenRejectedWith(UserAlreadyRegistered.class);
        }

        @Test
        void cannot_register_an_existing_user_again_with_another_profile_or_role() {
            spec.given(registered(Role.CUSTOMER))
                    .when(new RegisterUser(ID, GRACE, Role.ADMIN))
                    .thenRejectedWith(UserAlreadyRegistered.class);
        }

        @Test
        void cannot_register_a_user_again_after_a_role_change() {
            spec.given(registered(Role.CUSTOMER), roleUpdated(Role.CUSTOMER, Role.ADMIN))
                    .when(new RegisterUser(ID, ADA, Role.CUSTOMER))
                    .thenRejectedWith(UserAlreadyRegistered.class);
        }
    }

    @Nested
    class ChangeRole {

        @Test
        void a_customer_can_be_promoted_to_admin() {
            User after = spec.given(registered(Role.CUSTOMER))
                    .when(new UpdateUserRole(ID, Role.ADMIN, 1))
                    .then(new UserRoleUpdated(ID, Role.CUSTOMER, Role.ADMIN));

            assertThat(after).isEqualTo(new User(ID, ADA, Role.ADMIN));
        }

        @Test
        void the_role_change_event_carries_the_previous_and_the_new_role() {
            spec.given(registered(Role.CUSTOMER))
                    .when(new UpdateUserRole(ID, Role.ADMIN, 3))
                    .then(new UserRoleUpdated(ID, Role.CUSTOMER, Role.ADMIN));
        }

        @Test
        void setting_the_same_role_produces_no_event() {
            spec.given(registered(Role.CUSTOMER))
                    .when(new UpdateUserRole(ID, Role.CUSTOMER, 1))
                    .thenNothingHappens();
        }

        @Test
        void setting_the_same_role_after_an_earlier_change_is_compared_with_the_latest_role() {
            spec.given(registered(Role.CUSTOMER), roleUpdated(Role.CUSTOMER, Role.ADMIN))
                    .when(new UpdateUserRole(ID, Role.ADMIN, 2))
                    .thenNothingHappens();
        }

        @Test
        void cannot_change_the_role_of_an_unknown_user() {
            spec.given()
                    .when(new UpdateUserRole(ID, Role.ADMIN, 1))
                    .thenRejectedWith(UserNotFound.class);
        }

        @Test
        void cannot_set_the_same_role_of_an_unknown_user_either() {
            spec.given()
                    .when(new UpdateUserRole(ID, Role.CUSTOMER, 1))
                    .thenRejectedWith(UserNotFound.class);
        }
    }

    @Nested
    class LastAdmin {

        @Test
        void the_last_admin_cannot_be_demoted() {
            spec.given(registered(Role.ADMIN))
                    .when(new UpdateUserRole(ID, Role.CUSTOMER, 1))
                    .thenRejectedWith(LastAdminCannotBeDemoted.class);
        }

        @Test
        void a_promoted_admin_who_is_the_last_one_cannot_be_demoted() {
            spec.given(registered(Role.CUSTOMER), roleUpdated(Role.CUSTOMER, Role.ADMIN))
                    .when(new UpdateUserRole(ID, Role.CUSTOMER, 1))
                    .thenRejectedWith(LastAdminCannotBeDemoted.class);
        }

        @Test
        void an_admin_cannot_be_demoted_when_no_admin_is_counted() {
            spec.given(registered(Role.ADMIN))
                    .when(new UpdateUserRole(ID, Role.CUSTOMER, 0))
                    .thenRejectedWith(LastAdminCannotBeDemoted.class);
        }

        @Test
        void an_admin_can_be_demoted_while_another_admin_remains() {
            User after = spec.given(registered(Role.ADMIN))
                    .when(new UpdateUserRole(ID, Role.CUSTOMER, 2))
                    .then(new UserRoleUpdated(ID, Role.ADMIN, Role.CUSTOMER));

            assertThat(after.role()).isEqualTo(Role.CUSTOMER);
        }

        @Test
        void promoting_a_customer_while_there_is_a_single_admin_is_fine() {
            spec.given(registered(Role.CUSTOMER))
                    .when(new UpdateUserRole(ID, Role.ADMIN, 1))
                    .then(new UserRoleUpdated(ID, Role.CUSTOMER, Role.ADMIN));
        }

        @Test
        void setting_the_last_admin_to_admin_again_is_a_no_op() {
            spec.given(registered(Role.ADMIN))
                    .when(new UpdateUserRole(ID, Role.ADMIN, 1))
                    .thenNothingHappens();
        }
    }

    @Nested
    class Evolve {

        @Test
        void the_initial_state_is_a_user_that_does_not_exist() {
            assertThat(User.INITIAL.exists()).isFalse();
            assertThat(User.INITIAL.role()).isNull();
            assertThat(User.INITIAL.profile()).isNull();
        }

        @Test
        void a_registered_user_has_its_profile_and_role() {
            assertThat(spec.stateAfter(registered(Role.CUSTOMER))).isEqualTo(new User(ID, ADA, Role.CUSTOMER));
        }

        @Test
        void a_role_update_replaces_the_role_and_keeps_id_and_profile() {
            User state = spec.stateAfter(registered(Role.CUSTOMER), roleUpdated(Role.CUSTOMER, Role.ADMIN));

            assertThat(state).isEqualTo(new User(ID, ADA, Role.ADMIN));
        }

        @Test
        void a_user_holds_exactly_the_last_role() {
            User state = spec.stateAfter(registered(Role.CUSTOMER),
                    roleUpdated(Role.CUSTOMER, Role.ADMIN),
                    roleUpdated(Role.ADMIN, Role.CUSTOMER),
                    roleUpdated(Role.CUSTOMER, Role.ADMIN));

            assertThat(state.role()).isEqualTo(Role.ADMIN);
        }

        @Test
        void after_promote_then_demote_the_user_is_a_customer() {
            User promoted = spec.given(registered(Role.CUSTOMER))
                    .when(new UpdateUserRole(ID, Role.ADMIN, 1))
                    .then(roleUpdated(Role.CUSTOMER, Role.ADMIN));
            assertThat(promoted.role()).isEqualTo(Role.ADMIN);

            User demoted = spec.given(registered(Role.CUSTOMER), roleUpdated(Role.CUSTOMER, Role.ADMIN))
                    .when(new UpdateUserRole(ID, Role.CUSTOMER, 2))
                    .then(roleUpdated(Role.ADMIN, Role.CUSTOMER));

            assertThat(demoted).isEqualTo(new User(ID, ADA, Role.CUSTOMER));
        }
    }

    @Nested
    class Validation {

        @Test
        void a_username_is_stripped_and_lower_cased() {
            assertThat(new Profile("  Ada.Love_lace-1 ", "ada@example.org", "Ada").username())
                    .isEqualTo("ada.love_lace-1");
        }

        @Test
        void a_username_has_at_least_3_characters() {
            assertInvalid(() -> new Profile("ab", "ada@example.org", "Ada"), "username");
            assertThat(new Profile("abc", "ada@example.org", "Ada").username()).isEqualTo("abc");
        }

        @Test
        void a_username_has_at_most_50_characters() {
            assertInvalid(() -> new Profile("a".repeat(51), "ada@example.org", "Ada"), "username");
            assertThat(new Profile("a".repeat(50), "ada@example.org", "Ada").username()).hasSize(50);
        }

        @Test
        void a_username_has_only_letters_digits_dots_underscores_and_dashes() {
            assertInvalid(() -> new Profile("ada lovelace", "ada@example.org", "Ada"), "username");
            assertInvalid(() -> new Profile("ada@x", "ada@example.org", "Ada"), "username");
        }

        @Test
        void a_username_is_required() {
            assertInvalid(() -> new Profile(null, "ada@example.org", "Ada"), "username");
            assertInvalid(() -> new Profile("   ", "ada@example.org", "Ada"), "username");
        }

        @Test
        void an_email_is_stripped_and_lower_cased() {
            assertThat(new Profile("ada", " Ada@Example.ORG ", "Ada").email()).isEqualTo("ada@example.org");
        }

        @Test
        void an_email_must_be_an_email_address() {
            assertInvalid(() -> new Profile("ada", "not-an-email", "Ada"), "email");
            assertInvalid(() -> new Profile("ada", "a@b", "Ada"), "email");
        }

        @Test
        void an_email_is_required() {
            assertInvalid(() -> new Profile("ada", null, "Ada"), "email");
            assertInvalid(() -> new Profile("ada", " ", "Ada"), "email");
        }

        @Test
        void a_display_name_is_required() {
            assertInvalid(() -> new Profile("ada", "ada@example.org", "   "), "displayName");
            assertInvalid(() -> new Profile("ada", "ada@example.org", null), "displayName");
        }

        @Test
        void a_display_name_has_at_most_100_characters() {
            assertInvalid(() -> new Profile("ada", "ada@example.org", "x".repeat(101)), "displayName");
            assertThat(new Profile("ada", "ada@example.org", "x".repeat(100)).displayName()).hasSize(100);
        }

        @Test
        void a_display_name_is_stripped() {
            assertThat(new Profile("ada", "ada@example.org", "  Ada Lovelace ").displayName())
                    .isEqualTo("Ada Lovelace");
        }

        @Test
        void a_role_is_parsed_ignoring_case_and_surrounding_whitespace() {
            assertThat(Role.parse("admin")).isEqualTo(Role.ADMIN);
            assertThat(Role.parse(" Customer ")).isEqualTo(Role.CUSTOMER);
        }

        @Test
        void only_customer_and_admin_are_roles() {
            assertInvalid(() -> Role.parse("superuser"), "role");
            assertInvalid(() -> Role.parse(null), "role");
        }

        @Test
        void a_register_command_needs_an_id_a_profile_and_a_role() {
            assertInvalid(() -> new RegisterUser(null, ADA, Role.CUSTOMER), "userId");
            assertInvalid(() -> new RegisterUser(OTHER_ID, null, Role.CUSTOMER), "profile");
            assertInvalid(() -> new RegisterUser(OTHER_ID, ADA, null), "role");
        }

        @Test
        void a_role_change_needs_an_id_and_a_role() {
            assertInvalid(() -> new UpdateUserRole(null, Role.ADMIN, 1), "userId");
            assertInvalid(() -> new UpdateUserRole(OTHER_ID, null, 1), "role");
        }

        private void assertInvalid(Runnable construction, String field) {
            assertThatThrownBy(construction::run)
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e -> assertThat(((ValidationException) e).errors())
                            .extracting(FieldError::field)
                            .containsExactly(field));
        }
    }
}
