package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service builds its links (Location) from X-Forwarded-* only when the gateway sent them: the shared
 * configuration trusts the gateway's address (loopback locally, where this test's client is), and nobody else's
 * ({@link UntrustedForwardedHeadersTest}).
 */
@QuarkusTest
class ForwardedHeadersTest {

    static String locationOfANewNote(String title) {
        return given().contentType(ContentType.JSON).body("{\"title\":\"" + title + " " + System.nanoTime() + "\"}")
                .header("X-Forwarded-Host", "shop.example.com:8443").header("X-Forwarded-Proto", "https")
                .post("/api/library/notes").then().statusCode(201).extract().header("Location");
    }

    @Test
    void from_the_gateways_address_the_links_name_the_public_host_it_forwarded() {
        assertThat(locationOfANewNote("forwarded")).startsWith("https://shop.example.com:8443/api/library/notes/");
    }
}
