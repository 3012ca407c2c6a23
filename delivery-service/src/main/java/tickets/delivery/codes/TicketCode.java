package tickets.delivery.codes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * A ticket's code: a compact JWS (RFC 7515) signed with Ed25519 ({@code alg: EdDSA}, RFC 8037),
 * whose header names the key ({@code kid}) and whose payload carries the ticket id, concert id,
 * level and issue time. Any JOSE library verifies it against the published JWK set; this class
 * needs only the JDK and Jackson, so a door scanner (see {@link OfflineVerifier}) checks a code
 * without a network.
 */
public final class TicketCode {

    /** What a valid code says. */
    public record Claims(UUID ticketId, UUID concertId, String ticketLevel, Instant issuedAt, String keyId) {
    }

    /** A code that is not a valid ticket: malformed, tampered with, or signed by a key not published. */
    public static final class InvalidCode extends RuntimeException {
        public InvalidCode(String reason) {
            super(reason);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    /** Far above any real code (about 250 characters); refuses a huge scan before decoding it. */
    private static final int MAX_LENGTH = 1_000;

    private TicketCode() {
    }

    public static String sign(Claims claims, PrivateKey key) {
        ObjectNode header = JSON.createObjectNode().put("alg", "EdDSA").put("kid", claims.keyId()).put("typ", "ticket+jws");
        ObjectNode payload = JSON.createObjectNode()
                .put("tid", claims.ticketId().toString())
                .put("cid", claims.concertId().toString())
                .put("lvl", claims.ticketLevel())
                .put("iat", claims.issuedAt().getEpochSecond());
        String signingInput = encode(header) + "." + encode(payload);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a ticket code", e);
        }
    }

    /**
     * The claims of {@code code} if it is well-formed and its signature verifies with the key its
     * header names; {@code keys} answers null for a key it does not know.
     */
    public static Claims verify(String code, Function<String, PublicKey> keys) {
        if (code == null || code.isBlank() || code.length() > MAX_LENGTH) {
            throw new InvalidCode("not a ticket code");
        }
        String[] parts = code.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidCode("not a ticket code (a signed token has three parts)");
        }
        JsonNode header = decode(parts[0]);
        if (!"EdDSA".equals(header.path("alg").asText()) || !header.path("kid").isTextual()) {
            throw new InvalidCode("not a ticket code (only EdDSA signatures with a key id)");
        }
        String keyId = header.get("kid").asText();
        PublicKey key = keys.apply(keyId);
        if (key == null) {
            throw new InvalidCode("signed by an unknown key '" + keyId.replaceAll("[^A-Za-z0-9_-]", "?") + "'");
        }
        byte[] signature;
        try {
            signature = B64_DECODE.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidCode("not a ticket code (signature not base64url)");
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw new InvalidCode("the signature does not match: the code was altered or forged");
            }
        } catch (java.security.SignatureException e) {
            throw new InvalidCode("the signature does not match: the code was altered or forged");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify a ticket code", e);
        }
        JsonNode payload = decode(parts[1]);
        try {
            return new Claims(UUID.fromString(payload.get("tid").asText()), UUID.fromString(payload.get("cid").asText()),
                    payload.get("lvl").asText(), Instant.ofEpochSecond(payload.get("iat").asLong()), keyId);
        } catch (RuntimeException e) {
            throw new InvalidCode("a signed code without the ticket's claims");
        }
    }

    private static String encode(ObjectNode node) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode decode(String part) {
        try {
            JsonNode node = JSON.readTree(B64_DECODE.decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidCode("not a ticket code");
            }
            return node;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidCode("not a ticket code (parts are not base64url JSON)");
        }
    }
}
