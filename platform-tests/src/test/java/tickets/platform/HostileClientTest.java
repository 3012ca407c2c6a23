package tickets.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import tickets.devstack.ServiceTable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of every service's OpenAPI document, through the gateway, as a hostile client:
 * generated malformed requests (see {@link HostileRequests}) as anonymous, a customer, another
 * customer and an admin, and with bad tokens. Never a 5xx; every 4xx is problem+json; what a
 * service accepts it stores as sent. New services and endpoints are covered by their documents.
 */
class HostileClientTest {

    private static final RestAssuredConfig RAW = RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
            .appendDefaultContentCharsetToContentTypeIfUndefined(false)
            .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)
            .encodeContentTypeAs("application/xml", ContentType.TEXT)
            .encodeContentTypeAs("text/plain", ContentType.TEXT));

    @Test
    void no_generated_request_from_any_caller_gets_a_5xx_a_non_problem_4xx_or_is_stored_differently() {
        Platform platform = Platform.shared();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        callers.put("customer", "Bearer " + platform.login("alice", "alice-pass"));
        callers.put("another customer", "Bearer " + platform.login("bob", "bob-pass"));
        callers.put("admin", "Bearer " + platform.login("admin", "admin-pass"));
        Map<String, String> badTokens = Map.of("malformed token", "Bearer x.y.z", "garbage token", "Bearer garbage",
                "unsigned token", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", "basic credentials", "Basic YTpi");

        Map<String, Long> logOffsets = new HashMap<>();
        for (String service : ServiceTable.names(platform.devstack.layout())) {
            logOffsets.put(service, size(platform.devstack.logDir().resolve(service + "-service.log")));
        }
        List<String> findings = new ArrayList<>();
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        int sent = 0;
        long began = System.nanoTime();
        for (String service : ServiceTable.names(platform.devstack.layout())) {
            String documentUrl = platform.services.get(service).baseUrl() + "/q/openapi?format=json";
            HostileRequests requests = new HostileRequests(HostileRequests.parse(
                    RestAssured.given().get(documentUrl).then().statusCode(200).extract().asString()));
            List<HostileRequests.Operation> operations = new ArrayList<>(requests.operations());
            assertThat(operations).as("operations of " + service).isNotEmpty();
            // creating operations first: what they create gives the others real ids to address
            operations.sort(Comparator.comparing(HostileRequests.Operation::hasPathParameters)
                    .thenComparing(operation -> !operation.method().equals("post")));
            Map<String, String> createdIds = new HashMap<>();
            for (HostileRequests.Operation operation : operations) {
                Map<String, String> pathValues = new LinkedHashMap<>();
                for (String name : parameterNames(operation.path())) {
                    String collection = operation.path().substring(0, operation.path().indexOf("{" + name + "}") - 1);
                    pathValues.put(name, name.equals("context") ? service
                            : createdIds.getOrDefault(collection, UUID.randomUUID().toString()));
                }
                for (HostileRequests.Variation variation : requests.variations(operation, pathValues)) {
                    Map<String, String> authorizations = new LinkedHashMap<>(callers);
                    if (variation.description().equals("well-formed")) {
                        authorizations.putAll(badTokens);
                    }
                    for (Map.Entry<String, String> caller : authorizations.entrySet()) {
                        Response response = send(platform.gateway, variation, caller.getValue());
                        sent++;
                        byStatus.merge(response.statusCode(), 1, Integer::sum);
                        String what = operation.describe() + " [" + variation.description() + "] as " + caller.getKey();
                        check(what, variation, response, findings);
                        if (!operation.hasPathParameters() && operation.method().equals("post")
                                && response.statusCode() == 201 && caller.getValue() != null) {
                            JsonNode created = HostileRequests.parse(response.asString());
                            if (created != null && created.hasNonNull("id")) {
                                createdIds.putIfAbsent(operation.path(), created.get("id").asText());
                            }
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("HOSTILE CLIENT: %d requests in %.1f s through the gateway, answers by status %s, %d findings%n",
                sent, seconds, byStatus, findings.size());
        assertThat(sent).isGreaterThan(1_000);
        assertThat(findings).as("answers a hostile client must never get").isEmpty();
        // nothing a client sent, bad tokens included, is a service's error: no ERROR line, no call to Keycloak
        for (String service : ServiceTable.names(platform.devstack.layout())) {
            java.nio.file.Path log = platform.devstack.logDir().resolve(service + "-service.log");
            List<String> errors = linesAfter(log, logOffsets.get(service)).stream()
                    .filter(line -> line.contains(" ERROR ")).toList();
            assertThat(errors).as("ERROR lines in " + log).isEmpty();
        }
    }

    private static long size(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.size(file) : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The lines written to {@code file} after it had {@code offset} bytes. */
    private static List<String> linesAfter(java.nio.file.Path file, long offset) {
        try {
            byte[] all = java.nio.file.Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Response send(String gateway, HostileRequests.Variation variation, String authorization) {
        RequestSpecification request = RestAssured.given().config(RAW).baseUri(gateway).urlEncodingEnabled(false);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        variation.headers().forEach(request::header);
        if (variation.body() != null) {
            request = request.body(variation.body().getBytes(StandardCharsets.UTF_8));
            request = variation.contentType() == null ? request.noContentType() : request.contentType(variation.contentType());
        }
        return request.request(variation.method().toUpperCase(), variation.path());
    }

    private static void check(String what, HostileRequests.Variation variation, Response response, List<String> findings) {
        int status = response.statusCode();
        String body = response.asString();
        if (status >= 500) {
            findings.add(what + ": " + status + " " + abbreviate(body));
            return;
        }
        if (status >= 400) {
            JsonNode problem = HostileRequests.parse(body);
            if (!String.valueOf(response.contentType()).startsWith("application/problem+json") || problem == null
                    || problem.path("status").asInt() != status) {
                findings.add(what + ": a " + status + " that is not problem+json: " + response.contentType() + " "
                        + abbreviate(body));
            }
            return;
        }
        // accepted: what was sent must be what is stored (the answer shows the stored state)
        JsonNode sentBody = variation.body() == null ? null : HostileRequests.parse(variation.body());
        JsonNode answer = HostileRequests.parse(body);
        if (sentBody != null && sentBody.isObject() && answer != null && answer.isObject()) {
            sentBody.fields().forEachRemaining(field -> {
                JsonNode stored = answer.get(field.getKey());
                if (stored != null && field.getValue().isValueNode() && stored.isValueNode()
                        && !sameValue(field.getValue(), stored)) {
                    findings.add(what + ": accepted " + field.getKey() + "=" + abbreviate(field.getValue().toString())
                            + " but stored " + abbreviate(stored.toString()));
                }
            });
        }
    }

    private static boolean sameValue(JsonNode sent, JsonNode stored) {
        if (sent.isNumber() && stored.isNumber()) {
            return new BigDecimal(sent.asText()).compareTo(new BigDecimal(stored.asText())) == 0;
        }
        return sent.equals(stored);
    }

    private static List<String> parameterNames(String path) {
        List<String> names = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String abbreviate(String text) {
        String single = text.replaceAll("\\s+", " ");
        return single.length() > 300 ? single.substring(0, 300) + "..." : single;
    }
}
