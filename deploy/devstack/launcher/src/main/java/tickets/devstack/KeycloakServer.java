package tickets.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from its Maven Central distribution, in development mode with its own H2 store,
 * importing the {@code tickets} realm. The hostname is pinned so every token carries one issuer.
 */
public class KeycloakServer extends ProcessComponent {

    public static final String VERSION = "26.5.6";
    public static final String REALM = "tickets";

    private final ProjectLayout layout;
    private final int port;
    private final int managementPort;
    private final Path dataDir;
    private final Path logDir;
    private final List<Path> otherRealms;

    public KeycloakServer(ProjectLayout layout, int port, int managementPort, Path dataDir, Path logDir) {
        this(layout, port, managementPort, dataDir, logDir, List.of());
    }

    /** @param otherRealms realm files imported beside the tickets realm (a test's, e.g. the cluster's realm under another name) */
    public KeycloakServer(ProjectLayout layout, int port, int managementPort, Path dataDir, Path logDir, List<Path> otherRealms) {
        this.layout = layout;
        this.port = port;
        this.managementPort = managementPort;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.otherRealms = List.copyOf(otherRealms);
    }

    @Override
    public String name() {
        return "keycloak";
    }

    /**
     * One unpacked distribution serves every Keycloak on this machine, and the test JVMs of a parallel build start
     * theirs side by side: its unpacking, the realm files in its import directory and its first build are one start's
     * at a time. So a start holds a lock file beside the distribution (and, within a JVM, this class) until its
     * Keycloak has imported its realms and is ready; the next one then puts its own realm files in place.
     */
    @Override
    public void start() {
        synchronized (KeycloakServer.class) {
            try {
                Files.createDirectories(layout.cacheDir());
                try (var channel = java.nio.channels.FileChannel.open(layout.cacheDir().resolve("keycloak.lock"),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                     var held = channel.lock()) {
                    startAlone();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void startAlone() throws IOException {
        Path home = unpackedDistribution();
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        try (var earlier = Files.list(imports)) { // another start's realms are not this Keycloak's
            for (Path file : earlier.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        Files.copy(layout.realmFile(), imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        for (Path other : otherRealms) {
            Files.copy(other, imports.resolve(other.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(dataDir);
        forgetTheRealmIfItsFileChanged();
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                "--hostname=" + baseUrl(),
                "--http-management-port=" + managementPort, "--health-enabled=true",
                "--import-realm",
                "--db=dev-file", "--db-url=jdbc:h2:file:" + dataDir.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE");
        Map<String, String> environment = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                // C1 only: it starts with less CPU, and issuing tokens never needs C2's peak speed
                "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        process = ServerProcess.startWatched(name(), command, environment, dataDir, logDir.resolve("keycloak.log"));
        process.awaitReady(() -> Http.isOk("http://127.0.0.1:" + managementPort + "/health/ready"),
                Duration.ofSeconds(240));
    }

    /**
     * Keycloak imports a realm only when it does not have it yet, so a changed realm file would never reach a
     * Keycloak that ran before. Its local store is dropped then (with the accounts registered in it), once.
     */
    private void forgetTheRealmIfItsFileChanged() throws IOException {
        String fingerprint;
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(layout.realmFile()));
            for (Path other : otherRealms) {
                digest.update(Files.readAllBytes(other));
            }
            fingerprint = java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path imported = dataDir.resolve("imported-realm.sha256");
        boolean hasStore = Files.exists(dataDir.resolve("keycloakdb.mv.db"));
        if (hasStore && !(Files.exists(imported) && Files.readString(imported).strip().equals(fingerprint))) {
            System.out.println("keycloak: " + layout.realmFile() + " changed since Keycloak imported it: its local store"
                    + " is reset (accounts registered before must register again)");
            try (var files = Files.list(dataDir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("keycloakdb")).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.writeString(imported, fingerprint + "\n");
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Where a proxy on this machine reaches it (the issuer stays {@link #baseUrl()}, pinned). */
    public String loopbackUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of the realm's tokens, which services verify against. */
    public String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    @Override
    public String endpoint() {
        return baseUrl() + " (realm " + REALM + ", health on :" + managementPort + ")";
    }

    /** Unpacks the distribution once into the cache; a half-finished unpack is never used. */
    private Path unpackedDistribution() {
        Path home = layout.cacheDir().resolve("keycloak-" + VERSION);
        if (Files.exists(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path archive = layout.keycloakArchive();
        if (!Files.exists(archive)) {
            throw new IllegalStateException("Keycloak distribution not found at " + archive
                    + ": run ./mvnw install -DskipTests");
        }
        try {
            Path staging = Files.createTempDirectory(Files.createDirectories(layout.cacheDir()), "keycloak-unpack");
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", staging.toString())
                    .inheritIO().start();
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("unpacking " + archive + " failed");
            }
            Files.move(staging.resolve("keycloak-" + VERSION), home, StandardCopyOption.ATOMIC_MOVE);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking Keycloak", e);
        }
    }
}
