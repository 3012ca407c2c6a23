package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With the gateway at another address, what this client says in X-Forwarded-* is ignored. */
@QuarkusTest
@TestProfile(UntrustedForwardedHeadersTest.GatewayElsewhere.class)
class UntrustedForwardedHeadersTest {

    /** The gateway at an address this test's client does not have (TEST-NET-1). */
    public static class GatewayElsewhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.trusted-proxies", "192.0.2.10");
        }
    }

    @Test
    void forwarded_headers_from_anyone_else_are_ignored_and_the_links_name_the_service_itself() {
        String location = ForwardedHeadersTest.locationOfANewNote("not forwarded");
        assertThat(location).startsWith("http://localhost:").doesNotContain("shop.example.com").doesNotStartWith("https");
    }
}
