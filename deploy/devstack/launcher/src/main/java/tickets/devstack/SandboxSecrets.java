package tickets.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The devstack's demo secrets, published in the README: the only place they live. The devstack gives them to the
 * services it runs (as the environment variables a cluster sets from its Secrets) together with the flag that lets a
 * service accept them; without that flag a service refuses to start with any of them (ProductionSecrets in
 * shared-eventsourcing), so they can never apply silently outside a local run or a test.
 */
public final class SandboxSecrets {

    public static final String PAYMENT_PROVIDER_API_KEY = PaymentProviderServer.API_KEY;
    public static final String PAYMENT_PROVIDER_WEBHOOK_SECRET = PaymentProviderServer.WEBHOOK_SECRET;
    /** Wraps the delivery signing keys stored in .devstack/local: it must stay the same across local runs. */
    public static final String DELIVERY_SIGNING_KEY_SECRET = "dev-only-delivery-signing-key-secret";
    /** The confidential client's secret in deploy/keycloak/tickets-realm.json. */
    public static final String SERVICE_CLIENT_SECRET = "tickets-service-demo-secret";
    /** The flag (tickets.secrets.sandbox-allowed) that lets a service start with these. */
    public static final String ALLOWED_VARIABLE = "TICKETS_SECRETS_SANDBOX_ALLOWED";

    private SandboxSecrets() {
    }

    /** A secret as a cluster's Secret gives it (the environment variable) and as a service reads it (the property). */
    private record Secret(String variable, String property, String value) {
    }

    private static final java.util.List<Secret> SECRETS = java.util.List.of(
            new Secret("TICKETS_PAYMENTS_PROVIDER_API_KEY", "tickets.payments.provider.api-key", PAYMENT_PROVIDER_API_KEY),
            new Secret("TICKETS_PAYMENTS_PROVIDER_WEBHOOK_SECRET", "tickets.payments.provider.webhook-secret",
                    PAYMENT_PROVIDER_WEBHOOK_SECRET),
            new Secret("TICKETS_DELIVERY_SIGNING_KEY_SECRET", "tickets.delivery.signing-key-secret", DELIVERY_SIGNING_KEY_SECRET),
            new Secret("TICKETS_SERVICE_CLIENT_SECRET", "quarkus.keycloak.admin-client.client-secret", SERVICE_CLIENT_SECRET),
            new Secret(ALLOWED_VARIABLE, "tickets.secrets.sandbox-allowed", "true"));

    /** Each secret by the environment variable a service reads it from (the same names deploy/k8s sets). */
    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        SECRETS.forEach(secret -> env.put(secret.variable(), secret.value()));
        return env;
    }

    /** Each secret by the configuration property a service reads (for a service run in a test JVM). */
    public static Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        SECRETS.forEach(secret -> config.put(secret.property(), secret.value()));
        return config;
    }
}
