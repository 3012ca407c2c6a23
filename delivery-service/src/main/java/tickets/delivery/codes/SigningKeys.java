package tickets.delivery.codes;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ed25519 keys that sign ticket codes. Generated on first start and stored in this service's
 * database, the private half encrypted (AES-256-GCM under a key derived from a configured secret,
 * so a database dump alone signs nothing); never in an event, a log line or an answer. Rotation
 * adds a key that signs from then on; every earlier key still verifies.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signing key in use: its id and its pair. */
    public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {
        @Override
        public String toString() {
            return "SigningKey[" + keyId + "]"; // never the private key
        }
    }

    @ConfigProperty(name = "tickets.delivery.signing-key-secret")
    String secret;

    /** Decrypted keys by id; keys never change once stored, so the cache needs no invalidation. */
    private final Map<String, SigningKey> cache = new ConcurrentHashMap<>();

    void generateOnFirstStart(@Observes StartupEvent start) throws Throwable {
        SigningKey key = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::current));
        LOG.infof("ticket codes are signed with key %s", key.keyId());
    }

    /** The newest key: the one that signs new tickets (created if there is none). */
    public Uni<SigningKey> current() {
        return newestId().chain(kid -> kid != null ? load(kid) : create());
    }

    /** Adds a key that signs every ticket from now on. */
    public Uni<SigningKey> rotate() {
        return create();
    }

    /** Every key that ever signed, by id: what a scanner needs to verify any ticket still valid. */
    public Uni<Map<String, PublicKey>> publicKeys() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select kid, public_key from signing_key order by created_at, kid", Object[].class).getResultList())
                .map(rows -> {
                    Map<String, PublicKey> keys = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        keys.put((String) row[0], PublicKeys.fromX509(Base64.getDecoder().decode((String) row[1])));
                    }
                    return keys;
                });
    }

    private Uni<String> newestId() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select kid from signing_key order by created_at desc, kid desc limit 1", String.class).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    private Uni<SigningKey> load(String kid) {
        SigningKey cached = cache.get(kid);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select public_key, private_key from signing_key where kid = :kid", Object[].class)
                        .setParameter("kid", kid).getSingleResult())
                .map(row -> cache.computeIfAbsent(kid, id -> new SigningKey(id,
                        unwrap(id, Base64.getDecoder().decode((String) row[1])),
                        PublicKeys.fromX509(Base64.getDecoder().decode((String) row[0])))));
    }

    /** A new key, stored; the advisory lock keeps two instances starting at once from both creating a first key. */
    private Uni<SigningKey> create() {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        String kid = "tk-" + Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(PublicKeys.raw(pair.getPublic())).substring(0, 8);
        SigningKey key = new SigningKey(kid, pair.getPrivate(), pair.getPublic());
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select pg_advisory_xact_lock(hashtext('signing_key'))::text").getSingleResult()
                .chain(() -> session.createNativeQuery("""
                                insert into signing_key (kid, public_key, private_key, created_at)
                                values (:kid, :publicKey, :privateKey, clock_timestamp())""")
                        .setParameter("kid", kid)
                        .setParameter("publicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
                        .setParameter("privateKey", Base64.getEncoder().encodeToString(wrap(kid, pair.getPrivate())))
                        .executeUpdate()))
                .invoke(() -> cache.put(kid, key))
                .replaceWith(key);
    }

    private byte[] wrap(String kid, PrivateKey key) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, wrappingKey(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key.getEncoded());
            byte[] stored = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, stored, 0, iv.length);
            System.arraycopy(sealed, 0, stored, iv.length, sealed.length);
            return stored;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a signing key", e);
        }
    }

    private PrivateKey unwrap(String kid, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, wrappingKey(), new GCMParameterSpec(128, stored, 0, 12));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] pkcs8 = cipher.doFinal(stored, 12, stored.length - 12);
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + kid + " cannot be decrypted: is "
                    + "tickets.delivery.signing-key-secret the one it was stored with?", e);
        }
    }

    private SecretKeySpec wrappingKey() throws GeneralSecurityException {
        return new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)),
                "AES");
    }

    /** For tests and the README: the ids in order of creation. */
    public Uni<List<String>> keyIds() {
        return publicKeys().map(keys -> List.copyOf(keys.keySet()));
    }
}
