package tickets.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the project's built pieces live: found by walking up from the working directory. */
public final class ProjectLayout {

    private final Path root;

    private ProjectLayout(Path root) {
        this.root = root;
    }

    /** The checkout containing the working directory, or {@code TICKETS_HOME} if set. */
    public static ProjectLayout locate() {
        String home = System.getenv("TICKETS_HOME");
        if (home != null && !home.isBlank()) {
            return new ProjectLayout(Path.of(home).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/devstack/pom.xml"))) {
                return new ProjectLayout(dir);
            }
        }
        throw new IllegalStateException("cannot find the project root above " + Path.of("").toAbsolutePath()
                + " (set TICKETS_HOME to the checkout)");
    }

    public Path root() {
        return root;
    }

    /** The local run's state (data, logs, cache); ignored by git. */
    public Path stateDir() {
        return root.resolve(".devstack");
    }

    /** Unpacked binaries shared by every run on this machine's checkout. */
    public Path cacheDir() {
        return stateDir().resolve("cache");
    }

    public Path realmFile() {
        return root.resolve("deploy/keycloak/tickets-realm.json");
    }

    public Path keycloakArchive() {
        return root.resolve("deploy/devstack/launcher/target/keycloak/keycloak-dist.tar.gz");
    }

    public Path serviceJar(String service) {
        return root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
    }

    /** The classpath of one server module: its classes, then the dependencies Maven resolved. */
    public String serverClasspath(String module) {
        Path moduleDir = root.resolve("deploy/devstack").resolve(module);
        Path classpathFile = moduleDir.resolve("target/server.classpath");
        Path classes = moduleDir.resolve("target/classes");
        if (!Files.exists(classpathFile) || !Files.isDirectory(classes)) {
            throw new IllegalStateException("devstack module '" + module + "' is not built: run ./mvnw install -DskipTests");
        }
        try {
            List<String> entries = new ArrayList<>();
            entries.add(classes.toString());
            String dependencies = Files.readString(classpathFile).trim();
            if (!dependencies.isEmpty()) {
                entries.add(dependencies);
            }
            return String.join(java.io.File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
