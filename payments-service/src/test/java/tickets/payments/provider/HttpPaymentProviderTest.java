package tickets.payments.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.Money;
import tickets.payments.PaymentMetrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the provider client reads each kind of answer, against a real HTTP server on loopback that answers as a
 * provider can: the customer's decline apart from a refusal of our own request (which is counted for an alert)
 * and from a transient failure; a charge that cannot have arrived (no connection) apart from one that may have
 * (no answer in time); a provider id that is not one never goes into a URL.
 */
class HttpPaymentProviderTest {

    private static final Money TEN = Money.of(1_000, "EUR");

    private HttpServer server;
    private final AtomicReference<Answer> next = new AtomicReference<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HttpPaymentProvider provider;

    private record Answer(int status, String body, long delayMillis) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getRawPath());
            Answer answer = next.get();
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        provider = providerAt("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpPaymentProvider providerAt(String url) {
        HttpPaymentProvider client = new HttpPaymentProvider();
        client.json = new ObjectMapper();
        client.metrics = new PaymentMetrics(registry);
        client.baseUrl = url;
        client.apiKey = "sk_test";
        client.timeout = Duration.ofMillis(500);
        client.webhookUrl = "http://127.0.0.1:1/hook";
        return client;
    }

    private ProviderAnswer chargeAnswered(int status, String body) {
        next.set(new Answer(status, body, 0));
        return provider.charge("key-1", "ref-1", TEN, "pm_card_visa");
    }

    private double refusals(String call) {
        var counter = registry.find("tickets.payments.provider.refusals").tag("call", call).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void a_success_names_the_providers_payment_and_what_it_captured() {
        assertThat(chargeAnswered(200, """
                {"id":"pay_1","status":"succeeded","amountMinor":1000,"currency":"EUR"}"""))
                .isEqualTo(new ProviderAnswer.Succeeded("pay_1", TEN));
        assertThat(chargeAnswered(200, """
                {"id":"pay_1","status":"processing","amountMinor":1000,"currency":"EUR"}"""))
                .isEqualTo(new ProviderAnswer.Pending("the provider says processing", "pay_1"));
    }

    @Test
    void a_decline_is_the_customers_with_the_providers_reason_in_a_payment_or_as_a_402() {
        assertThat(chargeAnswered(200, """
                {"id":"pay_1","status":"declined","failureCode":"insufficient_funds"}"""))
                .isEqualTo(new ProviderAnswer.Declined("insufficient_funds"));
        assertThat(chargeAnswered(402, """
                {"error":{"code":"card_declined","message":"declined"}}"""))
                .isEqualTo(new ProviderAnswer.Declined("card_declined"));
        assertThat(chargeAnswered(400, """
                {"error":{"code":"invalid_payment_method","message":"no such test payment method"}}"""))
                .isEqualTo(new ProviderAnswer.Declined("invalid_payment_method"));
        assertThat(refusals("charge")).as("a decline is not a refusal of our request").isZero();
    }

    @Test
    void a_refusal_of_our_own_request_is_counted_for_an_alert_and_not_taken_for_a_decline() {
        assertThat(chargeAnswered(401, "{\"error\":{\"code\":\"invalid_api_key\"}}"))
                .isEqualTo(new ProviderAnswer.Refused(401, "invalid_api_key"));
        assertThat(chargeAnswered(403, "{}")).isEqualTo(new ProviderAnswer.Refused(403, ""));
        assertThat(chargeAnswered(422, "{\"error\":{\"code\":\"idempotency_error\"}}"))
                .isEqualTo(new ProviderAnswer.Refused(422, "idempotency_error"));
        assertThat(chargeAnswered(400, "{\"error\":{\"code\":\"invalid_request\"}}"))
                .isEqualTo(new ProviderAnswer.Refused(400, "invalid_request"));
        assertThat(refusals("charge")).isEqualTo(4);
    }

    @Test
    void too_many_requests_a_request_in_flight_and_server_errors_are_tried_again() {
        assertThat(chargeAnswered(429, "{}")).isInstanceOf(ProviderAnswer.Unavailable.class);
        assertThat(chargeAnswered(409, "{\"error\":{\"code\":\"idempotency_key_in_use\"}}"))
                .isInstanceOf(ProviderAnswer.Unavailable.class);
        assertThat(chargeAnswered(503, "unavailable")).isInstanceOf(ProviderAnswer.Unavailable.class);
        assertThat(refusals("charge")).isZero();
    }

    @Test
    void no_connection_means_the_charge_never_left_and_no_answer_in_time_means_it_may_have_arrived() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(providerAt("http://127.0.0.1:" + closed).charge("key-1", "ref-1", TEN, "pm_card_visa"))
                .as("sent again, not asked about").isInstanceOf(ProviderAnswer.Unavailable.class);
        next.set(new Answer(200, "{\"id\":\"pay_1\",\"status\":\"succeeded\"}", 2_000));
        assertThat(provider.charge("key-1", "ref-1", TEN, "pm_card_visa"))
                .as("asked about, not sent blindly").isInstanceOf(ProviderAnswer.Pending.class);
    }

    @Test
    void a_status_query_tells_a_payment_the_provider_does_not_have_from_one_it_does() {
        next.set(new Answer(200, "{\"data\":[]}", 0));
        assertThat(provider.status("ref-1")).isInstanceOf(ProviderAnswer.Unknown.class);
        next.set(new Answer(200, """
                {"data":[{"id":"pay_1","status":"succeeded","amountMinor":1000,"currency":"EUR"}]}""", 0));
        assertThat(provider.status("ref-1")).isEqualTo(new ProviderAnswer.Succeeded("pay_1", TEN));
    }

    @Test
    void a_provider_id_that_is_not_one_never_goes_into_the_refunds_url() {
        next.set(new Answer(200, "{\"id\":\"re_1\"}", 0));
        assertThat(provider.refund("key-1", "pay_1", TEN)).contains("re_1");
        assertThat(provider.refund("key-2", "../admin", TEN)).isEmpty();
        assertThat(provider.refund("key-3", "pay_1?x=/", TEN)).isEmpty();
        assertThat(paths).containsExactly("/v1/payments/pay_1/refunds");
        assertThat(refusals("refund")).isEqualTo(2);
    }
}
