package tickets.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every image of ours the cluster runs: one name each, one tag (the project's version), built by images/build.sh, and
 * never a name a public registry could answer for someone else. Plus what the Connect image is made of.
 */
class ImagesTest {

    /** No registry serves this host: an image that was not loaded fails to pull rather than coming from elsewhere. */
    private static final String LOCAL = "tickets.local/tickets/";
    private static final String PRODUCTION = "registry.example.com/tickets/";
    private static final Path CONNECT_DOCKERFILE = Manifests.K8S.resolve("images/connect/Dockerfile");

    @Test
    void the_base_and_dev_run_our_images_under_the_local_name_with_the_projects_version() throws IOException {
        String version = Manifests.projectVersion();
        TreeMap<String, String> ours = ourImages(Manifests.built("dev"));
        TreeSet<String> expected = new TreeSet<>(serviceImages());
        expected.add("payment-provider-sandbox");
        expected.add("connect-debezium");
        assertThat(ours.keySet()).isEqualTo(expected);
        ours.forEach((name, image) -> assertThat(image).isEqualTo(LOCAL + name + ":" + version));

        // the services' images are named by Quarkus's Jib extension from the shared configuration
        Properties shared = new Properties();
        try (var in = Files.newBufferedReader(Manifests.ROOT.resolve(
                "shared-eventsourcing/src/main/resources/META-INF/microprofile-config.properties"))) {
            shared.load(in);
        }
        assertThat(shared.getProperty("quarkus.container-image.registry") + "/" + shared.getProperty("quarkus.container-image.group") + "/")
                .isEqualTo(LOCAL);
        assertThat(shared.getProperty("quarkus.container-image.name")).isEqualTo("${quarkus.application.name}");
        assertThat(shared.getProperty("quarkus.application.name")).isEqualTo("${tickets.context}-service");
        // the sandbox's by Jib's Maven plugin, with the same registry property
        String sandboxPom = Files.readString(Manifests.ROOT.resolve("deploy/devstack/payment-provider/pom.xml"));
        assertThat(sandboxPom).contains("<image>${quarkus.container-image.registry}/tickets/payment-provider-sandbox:${project.version}</image>")
                .contains("<quarkus.container-image.registry>tickets.local</quarkus.container-image.registry>")
                .contains("<mainClass>tickets.devstack.provider.ProviderMain</mainClass>");
    }

    @Test
    void production_renames_every_one_of_our_images_to_its_registry_and_keeps_the_one_tag() throws IOException {
        String version = Manifests.projectVersion();
        List<ObjectNode> prod = Manifests.built("prod");
        assertThat(allImages(prod)).noneMatch(image -> image.startsWith("tickets.local/"));
        TreeMap<String, String> ours = ourImages(prod);
        TreeSet<String> expected = new TreeSet<>(serviceImages());
        expected.add("connect-debezium");
        assertThat(ours.keySet()).isEqualTo(expected);
        ours.forEach((name, image) -> assertThat(image).isEqualTo(PRODUCTION + name + ":" + version));

        // the registry is one placeholder in one file: the README's one replacement covers every image
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            List<Path> naming = files.filter(f -> f.toString().endsWith(".yaml") && !f.startsWith(Manifests.K8S.resolve("target")))
                    .filter(f -> read(f).contains("registry.example.com")).toList();
            assertThat(naming).containsExactly(Manifests.K8S.resolve("overlays/prod/kustomization.yaml"));
        }
    }

    /** Strimzi runs the image as its KafkaConnect: the same Strimzi release and Kafka version, no build of its own. */
    @Test
    void connect_runs_strimzis_kafka_image_with_the_debezium_plugin_the_local_relay_runs() throws IOException {
        ObjectNode connect = Manifests.ofKind(Manifests.built("dev"), "KafkaConnect").getFirst();
        assertThat(connect.path("spec").has("build")).as("the cluster builds and pushes nothing itself").isFalse();
        String kafkaVersion = connect.path("spec").path("version").asText();
        assertThat(kafkaVersion).isNotEmpty();

        String dockerfile = Files.readString(CONNECT_DOCKERFILE);
        String k8sPom = Files.readString(Manifests.K8S.resolve("pom.xml"));
        String strimzi = Manifests.firstMatch("<strimzi.version>([^<]+)</strimzi.version>", k8sPom);
        assertThat(Manifests.firstMatch("(?m)^FROM (quay\\.io/strimzi/kafka:\\S+)$", dockerfile))
                .isEqualTo("quay.io/strimzi/kafka:" + strimzi + "-kafka-" + kafkaVersion);

        String debezium = Manifests.rootPomValue("<debezium.version>([^<]+)</debezium.version>");
        assertThat(Manifests.firstMatch("<debezium.version>([^<]+)</debezium.version>", k8sPom)).isEqualTo(debezium);
        assertThat(Manifests.firstMatch("(?m)^ARG DEBEZIUM_VERSION=(\\S+)$", dockerfile)).isEqualTo(debezium);
        assertThat(dockerfile).contains("https://repo1.maven.org/maven2/io/debezium/debezium-connector-postgres/${DEBEZIUM_VERSION}/"
                + "debezium-connector-postgres-${DEBEZIUM_VERSION}-plugin.tar.gz");

        // the checksum the build verifies is the archive's on Maven Central (copied by the pom's dependency plugin)
        byte[] archive = Files.readAllBytes(Manifests.K8S.resolve(
                "target/connect-plugin/debezium-connector-postgres-" + debezium + "-plugin.tar.gz"));
        assertThat(Manifests.firstMatch("--checksum=sha256:([0-9a-f]{64})", dockerfile)).isEqualTo(sha256(archive));

        // and the archive holds what the connectors use: the PostgreSQL connector and the Outbox Event Router
        Set<String> classes = new TreeSet<>();
        List<String> entries = new ArrayList<>();
        readTar(new GZIPInputStream(new ByteArrayInputStream(archive)), (name, content) -> {
            entries.add(name);
            if (name.matches("debezium-connector-postgres/debezium-[^/]+\\.jar")) {
                classes.addAll(classesIn(content));
            }
        });
        assertThat(entries).contains("debezium-connector-postgres/debezium-connector-postgres-" + debezium + ".jar");
        Set<String> named = new TreeSet<>();
        for (ObjectNode connector : Manifests.ofKind(Manifests.built("dev"), "KafkaConnector")) {
            named.add(connector.path("spec").path("class").asText());
            connector.path("spec").path("config").properties().forEach(setting -> {
                if (setting.getKey().matches("transforms\\.[^.]+\\.type")) {
                    named.add(setting.getValue().asText());
                }
            });
        }
        assertThat(named).contains("io.debezium.connector.postgresql.PostgresConnector", "io.debezium.transforms.outbox.EventRouter");
        assertThat(classes).containsAll(named);
    }

    private static List<String> serviceImages() {
        return Manifests.services().stream().map(service -> service + "-service").toList();
    }

    /** Our images by name (the last path segment before the tag): every image with a {@code /tickets/} path. */
    private static TreeMap<String, String> ourImages(List<ObjectNode> built) {
        TreeMap<String, String> ours = new TreeMap<>();
        for (String image : allImages(built)) {
            if (image.contains("/tickets/")) {
                String name = image.substring(image.lastIndexOf('/') + 1, image.lastIndexOf(':'));
                assertThat(ours.put(name, image)).as("one image per name: " + name).isIn(null, image);
            }
        }
        return ours;
    }

    /** Every image a pod of the built manifests runs, the KafkaConnect's included. */
    private static List<String> allImages(List<ObjectNode> built) {
        List<String> images = new ArrayList<>();
        for (ObjectNode doc : built) {
            doc.findValues("containers").forEach(list -> list.forEach(c -> images.add(c.path("image").asText())));
            doc.findValues("initContainers").forEach(list -> list.forEach(c -> images.add(c.path("image").asText())));
            if (doc.path("kind").asText().equals("KafkaConnect")) {
                images.add(doc.path("spec").path("image").asText());
            }
        }
        return images;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface TarEntryReader {
        void entry(String name, byte[] content) throws IOException;
    }

    /** A ustar archive's regular files (the JDK reads gzip, not tar; the format is 512-byte headers and blocks). */
    private static void readTar(InputStream in, TarEntryReader reader) throws IOException {
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = cString(header, 0, 100);
            String prefix = cString(header, 345, 155);
            long size = Long.parseLong(cString(header, 124, 12).trim(), 8);
            byte[] content = in.readNBytes((int) size);
            in.readNBytes((int) ((512 - size % 512) % 512));
            if (header[156] == '0' || header[156] == 0) {
                reader.entry(prefix.isEmpty() ? name : prefix + "/" + name, content);
            }
        }
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static Set<String> classesIn(byte[] jar) throws IOException {
        Set<String> classes = new TreeSet<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName().replace('/', '.').substring(0, entry.getName().length() - ".class".length()));
                }
            }
        }
        return classes;
    }
}
