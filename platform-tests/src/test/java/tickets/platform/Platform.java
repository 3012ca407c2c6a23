package tickets.platform;

import tickets.devstack.Devstack;
import tickets.devstack.Gateway;
import tickets.devstack.Ports;
import tickets.devstack.QuarkusService;
import tickets.devstack.ServiceTable;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole platform for the platform tests, once per test JVM: the devstack's servers, every
 * service of deploy/services.txt as its built process, the sandbox payment provider, and the nginx
 * gateway in front.
 */
final class Platform {

    /** Short enough for a test to wait it out, long enough for a walkthrough to see the reservation. */
    static final Duration HOLD = Duration.ofSeconds(12);
    /** The payments service gives up on a provider call after this, ... */
    static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(2);
    /** ... the sandbox settles such a payment this long after it came (and keeps the call open longer), ... */
    static final Duration PROVIDER_SETTLES_AFTER = Duration.ofSeconds(3);
    /** ... and the payments service asks for its status this long after giving up. */
    static final Duration STATUS_QUERY_AFTER = Duration.ofSeconds(5);

    /** Finance checks a purchase's books once it has been quiet this long. */
    static final Duration AUDIT_QUIET_FOR = Duration.ofSeconds(3);

    private static Platform shared;

    final Devstack devstack;
    final String gateway;
    final Map<String, QuarkusService> services;

    private Platform(Devstack devstack, String gateway, Map<String, QuarkusService> services) {
        this.devstack = devstack;
        this.gateway = gateway;
        this.services = services;
    }

    static synchronized Platform shared() {
        return shared(false);
    }

    /**
     * @param asInProduction services with the full JIT and their own defaults (the 10-minute hold, the
     *                       provider's timeouts) instead of the tests' short times: for a benchmark
     *                       under load; the first caller in a JVM decides
     */
    static synchronized Platform shared(boolean asInProduction) {
        if (shared == null) {
            assertThat(Gateway.nginx()).as("nginx is needed for the gateway tests: apt-get install nginx").isPresent();
            Devstack devstack = Devstack.forTests();
            if (asInProduction) {
                devstack.forPeakPerformance();
            }
            Map<String, String> settings = asInProduction ? Map.of() : Map.of(
                    "TICKETS_RESERVATIONS_HOLD", HOLD.toString(),
                    "TICKETS_PAYMENTS_PROVIDER_TIMEOUT", PROVIDER_TIMEOUT.toString(),
                    "TICKETS_PAYMENTS_STATUS_QUERY_AFTER", STATUS_QUERY_AFTER.toString(),
                    "TICKETS_FINANCE_AUDIT_QUIET_FOR", AUDIT_QUIET_FOR.toString());
            var names = ServiceTable.names(devstack.layout());
            devstack.startPostgres(Ports.free(), names);
            devstack.startKafka(Ports.free(), Ports.free());
            devstack.startRelay(names);
            devstack.startKeycloak(Ports.free(), Ports.free());
            devstack.startPaymentProvider(Ports.free(), PROVIDER_SETTLES_AFTER, Duration.ofSeconds(5));
            if (!asInProduction) {
                // spans from every service, for the test that follows one purchase across them (a benchmark runs without)
                devstack.startTraces(Ports.free());
            }
            Map<String, String> upstreams = new HashMap<>();
            upstreams.put("keycloak", devstack.keycloak().loopbackUrl());
            Map<String, QuarkusService> services = new LinkedHashMap<>();
            for (String name : names) {
                QuarkusService started = devstack.startService(name, Ports.free(), settings);
                services.put(name, started);
                upstreams.put(name, started.baseUrl());
            }
            String gateway = devstack.startGateway(Ports.free(), upstreams, Gateway.EdgePolicy.withoutRateLimits()).baseUrl();
            shared = new Platform(devstack, gateway, services);
        }
        return shared;
    }

    /** A password login at Keycloak, through the gateway. */
    String login(String username, String password) {
        return given().baseUri(gateway).formParam("grant_type", "password").formParam("client_id", "tickets-web")
                .formParam("username", username).formParam("password", password)
                .post("/auth/realms/tickets/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
