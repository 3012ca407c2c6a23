package tickets.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service exposes at /q/metrics the metrics its alerts and the saga dashboard watch
 * (deploy/k8s/base/observability/metrics.txt, which deploy/k8s's tests hold the alerts and the dashboard to).
 */
class PlatformMetricsTest {

    private final Platform platform = Platform.shared();

    @Test
    void every_service_exposes_the_metrics_the_alerts_and_the_dashboard_watch() throws IOException {
        Path root = platform.devstack.layout().root();
        List<String[]> expected = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("deploy/k8s/base/observability/metrics.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                expected.add(line.strip().split("\\s+"));
            }
        }
        assertThat(expected).hasSizeGreaterThan(5);
        for (Map.Entry<String, tickets.devstack.QuarkusService> service : platform.services.entrySet()) {
            String name = service.getKey();
            boolean consumes = Files.readString(root.resolve(name + "-service/src/main/resources/application.properties"))
                    .contains("mp.messaging.incoming.");
            // one request of its own API first: HTTP metrics exist from a service's first answer on
            given().baseUri(service.getValue().baseUrl()).get("/api/" + name).then().statusCode(org.hamcrest.Matchers.lessThan(500));
            String metrics = given().baseUri(service.getValue().baseUrl()).get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            for (String[] metric : expected) {
                boolean exposedHere = switch (metric[1]) {
                    case "all" -> true;
                    case "consumers" -> consumes;
                    default -> metric[1].equals(name);
                };
                if (exposedHere) {
                    assertThat(metrics).as(name + "-service exposes " + metric[0]).containsPattern("(?m)^" + metric[0] + "[{ ]");
                }
            }
        }
    }
}
