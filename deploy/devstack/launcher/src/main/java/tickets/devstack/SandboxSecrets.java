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

    /** Each secret by the environment variable a service reads it from (the same names deploy/k8s sets). */
    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TICKETS_PAYMENTS_PROVIDER_API_KEY", PAYMENT_PROVIDER_API_KEY);
        env.put("TICKETS_PAYMENTS_PROVIDER_WEBHOOK_SECRET", PAYMENT_PROVIDER_WEBHOOK_SECRET);
        env.put("TICKETS_DELIVERY_SIGNING_KEY_SECRET", DELIVERY_SIGNING_KEY_SECRET);
        env.put("TICKETS_SERVICE_CLIENT_SECRET", SERVICE_CLIENT_SECRET);
        env.put(ALLOWED_VARIABLE, "true");
        return env;
    }

    /** Each secret by the configuration property a service reads (for a service run in a test JVM). */
    public static Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tickets.payments.provider.api-key", PAYMENT_PROVIDER_API_KEY);
        config.put("tickets.payments.provider.webhook-secret", PAYMENT_PROVIDER_WEBHOOK_SECRET);
        config.put("tickets.delivery.signing-key-secret", DELIVERY_SIGNING_KEY_SECRET);
        config.put("quarkus.keycloak.admin-client.client-secret", SERVICE_CLIENT_SECRET);
        config.put("tickets.secrets.sandbox-allowed", "true");
        return config;
    }
}
