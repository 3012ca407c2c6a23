package tickets.delivery.codes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;

/**
 * A door scanner's check, without the service: verifies a ticket code against the published keys
 * (a JWK set saved from {@code GET /api/tickets/keys}, or fetched from that URL once). Says whether
 * the code is genuine and what it admits; whether it was already admitted or revoked only the
 * service knows (check-in). Usage (README, "At the door"):
 * <pre>java -cp 'delivery-service/target/quarkus-app/app/*:delivery-service/target/quarkus-app/lib/main/*' \
 *     tickets.delivery.codes.OfflineVerifier keys.json CODE</pre>
 * Exit status 0: genuine; 1: refused; 2: wrong usage or keys unreadable.
 */
public final class OfflineVerifier {

    private OfflineVerifier() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: OfflineVerifier <keys.json | https://.../api/tickets/keys> <ticket code>");
            System.exit(2);
        }
        Map<String, PublicKey> keys;
        try {
            keys = PublicKeys.fromJwkSet(read(args[0]));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot read the keys from " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(2);
            return;
        }
        String verdict = verdict(keys, args[1]);
        System.out.println(verdict);
        System.exit(verdict.startsWith("VALID") ? 0 : 1);
    }

    /** {@code VALID ticket=... concert=... level=... issuedAt=... key=...} or {@code REFUSED: reason}. */
    public static String verdict(Map<String, PublicKey> keys, String code) {
        try {
            TicketCode.Claims claims = TicketCode.verify(code, keys::get);
            return "VALID ticket=" + claims.ticketId() + " concert=" + claims.concertId() + " level=" + claims.ticketLevel()
                    + " issuedAt=" + claims.issuedAt() + " key=" + claims.keyId();
        } catch (TicketCode.InvalidCode e) {
            return "REFUSED: " + e.getMessage();
        }
    }

    private static String read(String source) throws IOException, InterruptedException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(source))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                return response.body();
            }
        }
        return Files.readString(Path.of(source));
    }
}
