package tickets.delivery.codes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ed25519 public keys as a JWK set (RFC 8037: {@code kty OKP}, {@code crv Ed25519}, {@code x} the
 * raw 32-byte key in base64url), both ways: what {@code GET /api/tickets/keys} publishes and what a
 * scanner reads back.
 */
public final class PublicKeys {

    /** The fixed X.509 (SubjectPublicKeyInfo) prefix of every Ed25519 public key, before its 32 bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublicKeys() {
    }

    public static ObjectNode toJwkSet(Map<String, PublicKey> keys) {
        ObjectNode set = JSON.createObjectNode();
        ArrayNode array = set.putArray("keys");
        keys.forEach((kid, key) -> array.addObject().put("kty", "OKP").put("crv", "Ed25519").put("use", "sig")
                .put("alg", "EdDSA").put("kid", kid).put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw(key))));
        return set;
    }

    /** The Ed25519 keys of a JWK set, by key id (other kinds of keys are left out). */
    public static Map<String, PublicKey> fromJwkSet(String json) {
        try {
            JsonNode set = JSON.readTree(json);
            Map<String, PublicKey> keys = new LinkedHashMap<>();
            for (JsonNode jwk : set.path("keys")) {
                if ("OKP".equals(jwk.path("kty").asText()) && "Ed25519".equals(jwk.path("crv").asText())) {
                    keys.put(jwk.path("kid").asText(), fromRaw(Base64.getUrlDecoder().decode(jwk.path("x").asText())));
                }
            }
            return keys;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
        }
    }

    public static PublicKey fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, 32);
        return fromX509(encoded);
    }

    public static PublicKey fromX509(byte[] encoded) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }
}
