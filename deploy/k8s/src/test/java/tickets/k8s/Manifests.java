package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository's manifests and the sources they must agree with, read once per test JVM. */
final class Manifests {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, List<ObjectNode>> BUILT = new ConcurrentHashMap<>();
    private static final Pattern INCOMING_TOPIC = Pattern.compile("^mp\\.messaging\\.incoming\\.([a-z-]+)\\.topic=(\\S+)$", Pattern.MULTILINE);
    /** A channel reading several topics ({@code topics=a.events,b.events}). */
    private static final Pattern INCOMING_TOPICS = Pattern.compile("^mp\\.messaging\\.incoming\\.([a-z-]+)\\.topics=(\\S+)$", Pattern.MULTILINE);
    private static final Pattern INCOMING_GROUP = Pattern.compile("^mp\\.messaging\\.incoming\\.([a-z-]+)\\.group\\.id=(\\S+)$", Pattern.MULTILINE);

    private Manifests() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/services.txt"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/services.txt not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Group 1 of the first match of {@code regex} in {@code text}; an error when there is none. */
    static String firstMatch(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no match for " + regex);
        }
        return m.group(1);
    }

    /** The first match of {@code regex}'s group 1 in the root pom (versions of the servers and tools the platform runs). */
    static String rootPomValue(String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(Files.readString(ROOT.resolve("pom.xml")));
            if (!m.find()) {
                throw new IllegalStateException("not in the root pom: " + regex);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project's version: the one tag of every image we build. */
    static String projectVersion() {
        return rootPomValue("<artifactId>tickets-parent</artifactId>\\s*<version>([^<]+)</version>");
    }

    /** {@code kustomize build} of an overlay, by the real binary: kustomize itself or kubectl's built-in one. */
    static List<ObjectNode> built(String overlay) {
        return BUILT.computeIfAbsent(overlay, Manifests::kustomizeBuild);
    }

    private static List<ObjectNode> kustomizeBuild(String overlay) {
        Path dir = K8S.resolve("overlays").resolve(overlay);
        List<String> command = onPath("kustomize").map(k -> List.of(k, "build", dir.toString()))
                .or(() -> onPath("kubectl").map(k -> List.of(k, "kustomize", dir.toString())))
                .orElseThrow(() -> new IllegalStateException("""
                        Neither kustomize nor kubectl is on the PATH. The manifests' tests run the real kustomize:
                        apt-get install kubernetes-client (Debian's kubectl, kustomize built in), or any kubectl 1.20+.
                        .ci/run installs it when it is missing."""));
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(errors));
            }
            Files.deleteIfExists(errors);
            return parse(output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** Every YAML document of a stream, as objects (empty documents skipped). */
    static List<ObjectNode> parse(String yaml) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(new StringReader(yaml)))) {
            while (values.hasNext()) {
                JsonNode doc = (JsonNode) values.next();
                if (doc instanceof ObjectNode object) {
                    docs.add(object);
                } else if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    throw new IllegalStateException("a manifest document that is not an object: " + doc);
                }
            }
        }
        return docs;
    }

    static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static Optional<ObjectNode> find(List<ObjectNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }

    /** The PostgreSQL Cluster whose bootstrap creates the service's database. */
    static ObjectNode databaseOf(List<ObjectNode> built, String service) {
        return ofKind(built, "Cluster").stream()
                .filter(c -> c.path("spec").path("bootstrap").path("initdb").path("database").asText().equals(service))
                .findFirst().orElseThrow(() -> new AssertionError("no PostgreSQL Cluster holds the database " + service));
    }

    static ObjectNode get(List<ObjectNode> docs, String kind, String name) {
        return find(docs, kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** The platform's services: deploy/services.txt, the one list the devstack and the gateway use. */
    static List<String> services() {
        return nonCommentLines(ROOT.resolve("deploy/services.txt")).stream().map(line -> line.split("\\s+")[0]).toList();
    }

    /** The gateway's routes to anything but a service's own prefixes: deploy/gateway/routes.txt, prefix → target. */
    static Map<String, String> extraRoutes() {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String line : nonCommentLines(ROOT.resolve("deploy/gateway/routes.txt"))) {
            String[] parts = line.split("\\s+");
            routes.put(parts[0], parts[1]);
        }
        return routes;
    }

    /** Whether an HTTPRoute's PathPrefix match takes {@code path}: the prefix itself or below it, whole segments only. */
    static boolean pathPrefixTakes(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** The topics a service's consumers read, from its application.properties. */
    static TreeSet<String> consumedTopics(String service) {
        TreeSet<String> topics = matches(INCOMING_TOPIC, serviceProperties(service));
        for (String list : matches(INCOMING_TOPICS, serviceProperties(service))) {
            topics.addAll(java.util.Arrays.asList(list.split(",")));
        }
        return topics;
    }

    static TreeSet<String> consumerGroups(String service) {
        return matches(INCOMING_GROUP, serviceProperties(service));
    }

    private static TreeSet<String> matches(Pattern pattern, String text) {
        TreeSet<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(2));
        }
        return found;
    }

    private static String serviceProperties(String service) {
        try {
            return Files.readString(ROOT.resolve(service + "-service/src/main/resources/application.properties"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * deploy/debezium/outbox-connector.properties for one service: what the local relay runs with
     * (it reads the same file) and what its KafkaConnector must say.
     */
    static Map<String, String> outboxConnectorSettings(String service) {
        Properties template = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("deploy/debezium/outbox-connector.properties"))) {
            template.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        template.stringPropertyNames().forEach(key -> settings.put(key, template.getProperty(key)
                .replace("{service}", service).replace("{topic}", service + ".events")));
        return settings;
    }

    static JsonNode realmOfDevstack() {
        try {
            return JSON.readTree(ROOT.resolve("deploy/keycloak/tickets-realm.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> nonCommentLines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
