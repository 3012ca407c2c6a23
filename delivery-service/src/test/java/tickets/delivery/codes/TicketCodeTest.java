package tickets.delivery.codes;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ticket codes: signed, verified with the published keys only, and refused when altered. No servers. */
class TicketCodeTest {

    private final KeyPair key = generate();
    private final KeyPair otherKey = generate();
    private final TicketCode.Claims claims = new TicketCode.Claims(UUID.randomUUID(), UUID.randomUUID(), "Golden Circle",
            Instant.parse("2030-06-01T18:00:00Z"), "k1");

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_signed_code_verifies_with_the_published_key_and_says_what_it_admits() {
        String code = TicketCode.sign(claims, key.getPrivate());
        Map<String, PublicKey> published = PublicKeys.fromJwkSet(PublicKeys.toJwkSet(Map.of("k1", key.getPublic())).toString());

        assertThat(TicketCode.verify(code, published::get)).isEqualTo(claims);
        assertThat(code.length()).as("fits a QR code a phone shows").isLessThan(400);
        assertThat(OfflineVerifier.verdict(published, code)).startsWith("VALID ticket=" + claims.ticketId());
    }

    @Test
    void an_altered_payload_is_refused() {
        String code = TicketCode.sign(claims, key.getPrivate());
        String[] parts = code.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("Golden Circle", "Backstage");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> TicketCode.verify(tampered, Map.of("k1", key.getPublic())::get))
                .isInstanceOf(TicketCode.InvalidCode.class).hasMessageContaining("signature does not match");
    }

    @Test
    void a_code_signed_by_a_key_not_published_is_refused() {
        String forged = TicketCode.sign(new TicketCode.Claims(claims.ticketId(), claims.concertId(), claims.ticketLevel(),
                claims.issuedAt(), "k2"), otherKey.getPrivate());
        assertThatThrownBy(() -> TicketCode.verify(forged, Map.of("k1", key.getPublic())::get))
                .isInstanceOf(TicketCode.InvalidCode.class).hasMessageContaining("unknown key");

        // the same key id, another key: the signature does not match
        String impostor = TicketCode.sign(claims, otherKey.getPrivate());
        assertThatThrownBy(() -> TicketCode.verify(impostor, Map.of("k1", key.getPublic())::get))
                .isInstanceOf(TicketCode.InvalidCode.class).hasMessageContaining("signature does not match");
    }

    @Test
    void garbage_is_refused_as_not_a_code() {
        for (String garbage : new String[] {"", "abc", "a.b.c", "x".repeat(5000), "eyJhbGciOiJub25lIn0.e30.",
                "\u0000.\u0000.\u0000"}) {
            assertThatThrownBy(() -> TicketCode.verify(garbage, Map.of("k1", key.getPublic())::get))
                    .as(garbage.length() > 20 ? garbage.substring(0, 20) : garbage)
                    .isInstanceOf(TicketCode.InvalidCode.class);
        }
        assertThat(OfflineVerifier.verdict(Map.of("k1", key.getPublic()), "abc")).startsWith("REFUSED: ");
    }
}
