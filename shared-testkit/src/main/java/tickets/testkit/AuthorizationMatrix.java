package tickets.testkit;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of a service × every kind of caller → the status it must answer, checked in one
 * test per service. The callers are an anonymous visitor, a customer, another customer (who must
 * not see the first one's things) and an admin; every refusal must be problem+json.
 *
 * <pre>{@code
 * AuthorizationMatrix.forCallers(customer, otherCustomer, admin)
 *     .row("GET /api/carts/{id}", r -> r.get("/api/carts/" + ownedCart()), 403, 200, 403, 200)
 *     .verify();
 * }</pre>
 *
 * Each call gets a fresh request (JSON content type, the caller's bearer token); a row that needs
 * a fresh resource per caller creates it inside its lambda.
 */
public final class AuthorizationMatrix {

    private record Row(String endpoint, Function<RequestSpecification, Response> call, int[] expected) {
    }

    private static final String[] CALLERS = {"anonymous", "customer", "another customer", "admin"};

    private final String[] tokens;
    private final List<Row> rows = new ArrayList<>();

    private AuthorizationMatrix(String customer, String otherCustomer, String admin) {
        this.tokens = new String[] {null, customer, otherCustomer, admin};
    }

    /** Bearer tokens of the three logged-in callers (the first customer owns what the rows address). */
    public static AuthorizationMatrix forCallers(String customer, String otherCustomer, String admin) {
        return new AuthorizationMatrix(customer, otherCustomer, admin);
    }

    public AuthorizationMatrix row(String endpoint, Function<RequestSpecification, Response> call,
                                   int anonymous, int customer, int otherCustomer, int admin) {
        rows.add(new Row(endpoint, call, new int[] {anonymous, customer, otherCustomer, admin}));
        return this;
    }

    /** Calls every row as every caller and fails listing each mismatch. */
    public void verify() {
        List<String> mismatches = new ArrayList<>();
        for (Row row : rows) {
            for (int caller = 0; caller < CALLERS.length; caller++) {
                RequestSpecification request = given().contentType("application/json");
                if (tokens[caller] != null) {
                    request = request.auth().oauth2(tokens[caller]);
                }
                Response response = row.call().apply(request);
                int expected = row.expected()[caller];
                if (response.statusCode() != expected) {
                    mismatches.add(row.endpoint() + " as " + CALLERS[caller] + ": expected " + expected + " but was "
                            + response.statusCode() + " " + response.asString());
                } else if (expected >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                    mismatches.add(row.endpoint() + " as " + CALLERS[caller] + ": a " + expected
                            + " must be application/problem+json, was " + response.contentType());
                }
            }
        }
        assertThat(mismatches).as("authorization matrix").isEmpty();
    }
}
