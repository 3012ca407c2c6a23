package tickets.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's services as {@code deploy/services.txt} lists them: the launcher's services, the
 * gateway's routes and the local ports all come from this one table, so a new service is one line.
 */
public final class ServiceTable {

    /** One service: its name (also its context, database and topic prefix) and its local port. */
    public record Service(String name, int port) {

        /** The gateway's prefixes for it: its public API and its admin operations. */
        public List<String> routes() {
            return List.of("/api/" + name, "/api/admin/" + name);
        }

        /** The environment variable that moves it to another local port. */
        public String portVariable() {
            return name.toUpperCase(java.util.Locale.ROOT) + "_PORT";
        }
    }

    private ServiceTable() {
    }

    public static List<Service> load(ProjectLayout layout) {
        List<Service> services = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(layout.root().resolve("deploy/services.txt"))) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                if (parts.length != 2 || !parts[0].matches("[a-z][a-z0-9]*") || !parts[1].matches("\\d{2,5}")) {
                    throw new IllegalStateException("bad line in deploy/services.txt: " + line);
                }
                services.add(new Service(parts[0], Integer.parseInt(parts[1])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(services);
    }

    public static List<String> names(ProjectLayout layout) {
        return load(layout).stream().map(Service::name).toList();
    }

    /** Every route of the gateway, prefix to target: each service's, then the extra ones of routes.txt. */
    public static Map<String, String> routes(ProjectLayout layout) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (Service service : load(layout)) {
            service.routes().forEach(prefix -> routes.put(prefix, service.name()));
        }
        routes.putAll(Gateway.extraRoutes(layout));
        return routes;
    }
}
