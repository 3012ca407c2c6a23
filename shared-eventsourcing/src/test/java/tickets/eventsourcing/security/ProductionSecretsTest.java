package tickets.eventsourcing.security;

import org.junit.jupiter.api.Test;
import tickets.devstack.SandboxSecrets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which secrets a service refuses to start with (the refusal itself, on a real service: PlatformThroughTheGatewayTest). */
class ProductionSecretsTest {

    private static final List<String> NAMES = List.of("a.missing", "a.blank", "a.published", "a.short", "a.strong");

    @Test
    void a_missing_blank_published_or_short_secret_is_named_and_a_strong_one_is_not() {
        Map<String, String> values = new HashMap<>();
        values.put("a.blank", "   ");
        values.put("a.published", SandboxSecrets.PAYMENT_PROVIDER_WEBHOOK_SECRET);
        values.put("a.short", "s3cr3t-but-short");
        values.put("a.strong", "Qm9vdGguLi4gYSByYW5kb20gdmFsdWU");

        List<String> problems = ProductionSecrets.problems(NAMES, name -> Optional.ofNullable(values.get(name)));

        assertThat(problems).containsExactly("a.missing is not set", "a.blank is not set", "a.published is a published sandbox value",
                "a.short is shorter than " + ProductionSecrets.MINIMUM_LENGTH + " characters");
        assertThat(String.join(" ", problems)).as("a secret's value never reaches a log")
                .doesNotContain(values.get("a.published"), values.get("a.short"));
    }

    /** Every value the devstack hands out is refused without its say-so, however long it is. */
    @Test
    void every_sandbox_secret_the_devstack_gives_is_refused() {
        Map<String, String> sandbox = new HashMap<>(SandboxSecrets.configuration());
        sandbox.remove("tickets.secrets.sandbox-allowed");
        assertThat(sandbox).hasSize(4);
        List<String> problems = ProductionSecrets.problems(List.copyOf(sandbox.keySet()), name -> Optional.of(sandbox.get(name)));
        assertThat(problems).hasSize(4).allSatisfy(problem -> assertThat(problem).endsWith(" is a published sandbox value"));
    }
}
