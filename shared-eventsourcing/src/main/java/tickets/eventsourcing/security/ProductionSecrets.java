package tickets.eventsourcing.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A service refuses to start with a weak secret: one of those its {@code tickets.secrets} names (the provider's API key
 * and webhook secret, the signing keys' wrapping secret, the Keycloak client's secret) missing, shorter than
 * {@value #MINIMUM_LENGTH} characters, or one of the devstack's sandbox values, which the README publishes: with one of
 * those anyone could sign a provider webhook for a pending payment and get tickets without paying, or unwrap the
 * ticket signing keys. The devstack and the tests run with the sandbox values on purpose and say so
 * ({@code tickets.secrets.sandbox-allowed}, set by the devstack alone): then the service starts and warns.
 * <p>
 * It runs before any other start-up observer (the Kafka consumers among them): a refused service never joins a
 * consumer group or serves a request.
 */
@ApplicationScoped
public class ProductionSecrets {

    static final int MINIMUM_LENGTH = 20;
    /** The devstack's demo secrets (deploy/devstack SandboxSecrets, the README's tables): public, so never secret. */
    static final Set<String> PUBLISHED = Set.of("sk_test_tickets_sandbox", "whsec_tickets_sandbox",
            "dev-only-delivery-signing-key-secret", "tickets-service-demo-secret");

    private static final Logger LOG = Logger.getLogger(ProductionSecrets.class);

    void refuseWeakSecrets(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Config config) {
        List<String> names = config.getOptionalValues("tickets.secrets", String.class).orElse(List.of());
        List<String> problems = problems(names, name -> lookup(config, name));
        if (problems.isEmpty()) {
            return;
        }
        boolean sandboxAllowed = config.getOptionalValue("tickets.secrets.sandbox-allowed", Boolean.class).orElse(false);
        if (sandboxAllowed && problems.stream().noneMatch(problem -> problem.endsWith(" is not set"))) {
            LOG.warnf("Running with the devstack's sandbox secrets (tickets.secrets.sandbox-allowed): %s. "
                    + "For local runs and tests only.", String.join("; ", problems));
            return;
        }
        throw new IllegalStateException("Refusing to start with weak secrets: " + String.join("; ", problems)
                + ". Give each its own random value of at least " + MINIMUM_LENGTH
                + " characters from a secret store (README, \"Running in production\").");
    }

    /** What is wrong with each named secret (empty when nothing is); never the secret's value. */
    static List<String> problems(List<String> names, Function<String, Optional<String>> values) {
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            Optional<String> value = values.apply(name).map(String::strip);
            if (value.isEmpty() || value.get().isEmpty()) {
                problems.add(name + " is not set");
            } else if (PUBLISHED.contains(value.get())) {
                problems.add(name + " is a published sandbox value");
            } else if (value.get().length() < MINIMUM_LENGTH) {
                problems.add(name + " is shorter than " + MINIMUM_LENGTH + " characters");
            }
        }
        return problems;
    }

    private static Optional<String> lookup(Config config, String name) {
        try {
            return config.getOptionalValue(name, String.class);
        } catch (NoSuchElementException | IllegalArgumentException unexpandable) {
            // ${VARIABLE} with the variable unset: as missing as a property that is not there
            return Optional.empty();
        }
    }
}
