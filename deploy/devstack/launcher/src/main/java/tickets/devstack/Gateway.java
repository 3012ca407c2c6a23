package tickets.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API gateway: nginx (Debian's package) in the foreground, its configuration generated from
 * {@code deploy/gateway/routes.txt} and the ports the other components listen on.
 */
public final class Gateway implements Component {

    private final ProjectLayout layout;
    private final int port;
    private final Map<String, String> upstreams;
    private final Path stateDir;
    private final Path logDir;
    private volatile ServerProcess process;

    /** @param upstreams target name (as in routes.txt) to base URL, e.g. concerts to http://127.0.0.1:18081 */
    public Gateway(ProjectLayout layout, int port, Map<String, String> upstreams, Path stateDir, Path logDir) {
        this.layout = layout;
        this.port = port;
        this.upstreams = Map.copyOf(upstreams);
        this.stateDir = stateDir;
        this.logDir = logDir;
    }

    /** nginx's binary, if installed. */
    public static Optional<Path> nginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "nginx");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every route: the services' (from deploy/services.txt) and the extra ones of routes.txt. */
    public static Map<String, String> routes(ProjectLayout layout) {
        return ServiceTable.routes(layout);
    }

    /** The routes of {@code deploy/gateway/routes.txt} (what is not a service): path prefix to target, in file order. */
    static Map<String, String> extraRoutes(ProjectLayout layout) {
        Map<String, String> routes = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(layout.root().resolve("deploy/gateway/routes.txt"))) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                if (parts.length != 2 || !parts[0].startsWith("/")) {
                    throw new IllegalStateException("bad line in routes.txt: " + line);
                }
                routes.put(parts[0], parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return routes;
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public void start() {
        Path nginx = nginx().orElseThrow(() -> new IllegalStateException(
                "nginx is not installed (apt-get install nginx); the services are reachable directly"));
        Path conf = stateDir.resolve("nginx.conf");
        try {
            Files.createDirectories(stateDir.resolve("temp"));
            Files.createDirectories(logDir);
            Files.writeString(conf, configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ServerProcess.startWatched(name(), List.of(nginx.toString(), "-p", stateDir.toString(), "-c",
                conf.toString(), "-g", "daemon off;"), Map.of(), stateDir, logDir.resolve("gateway.log"));
        process.awaitReady(() -> Http.isOk(baseUrl() + "/gateway/health"), Duration.ofSeconds(30));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String endpoint() {
        return baseUrl() + " (routes in deploy/gateway/routes.txt)";
    }

    @Override
    public long residentMemoryMiB() {
        return process == null ? 0 : ProcessMemory.residentMiB(ProcessHandle.of(process.pid()).orElseThrow());
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** The errors nginx itself can answer, each as problem+json (494 is nginx's "header too large", sent as 400). */
    private static final Map<Integer, String> OWN_ERRORS = new LinkedHashMap<>();

    static {
        OWN_ERRORS.put(400, "Bad Request: the request could not be read (malformed, or a header too large)");
        OWN_ERRORS.put(404, "Not Found: no route for this path");
        OWN_ERRORS.put(405, "Method Not Allowed");
        OWN_ERRORS.put(408, "Request Timeout: the request was not sent in time");
        OWN_ERRORS.put(411, "Length Required");
        OWN_ERRORS.put(413, "Content Too Large: a request body may have at most 1 MiB");
        OWN_ERRORS.put(414, "URI Too Long: a request line may have at most 4 KiB");
        OWN_ERRORS.put(500, "Internal Server Error at the gateway");
        OWN_ERRORS.put(502, "Bad Gateway: the service behind this route is not reachable; try again");
        OWN_ERRORS.put(503, "Service Unavailable: try again");
        OWN_ERRORS.put(504, "Gateway Timeout: the service behind this route did not answer in time; try again");
    }

    String configuration() {
        List<String> locations = new ArrayList<>();
        routes(layout).forEach((prefix, target) -> {
            String upstream = upstreams.get(target);
            if (upstream == null) {
                locations.add("        # " + prefix + " -> " + target + ": not running in this stack");
                return;
            }
            if (target.equals("keycloak")) {
                // Keycloak serves from its root: the gateway's /auth/... is Keycloak's /...
                locations.add("        location " + prefix + "/ { proxy_pass " + upstream + "/; }");
            } else {
                locations.add("        location = " + prefix + " { proxy_pass " + upstream + "; }");
                locations.add("        location " + prefix + "/ { proxy_pass " + upstream + "; }");
            }
        });
        // Every error the gateway answers itself is problem+json, like the services' own. A URI error
        // page (not a named location) also works when the request line itself could not be read.
        List<String> problems = new ArrayList<>();
        OWN_ERRORS.forEach((status, detail) -> {
            String codes = status == 400 ? "400 494" : status.toString();
            String title = detail.contains(":") ? detail.substring(0, detail.indexOf(':')) : detail;
            problems.add("        error_page " + codes + " /gateway/problems/" + status + ";");
            problems.add("        location = /gateway/problems/" + status + " { internal; default_type application/problem+json; "
                    + "return " + status + " '{\"type\":\"https://tickets.example/problems/http-" + status
                    + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}'; }");
        });
        Path temp = stateDir.resolve("temp");
        boolean root = "root".equals(System.getProperty("user.name"));
        return """
                # generated by the devstack launcher from deploy/services.txt and deploy/gateway/routes.txt; do not edit
                %s
                worker_processes 1;
                error_log %s warn;
                pid %s;
                events { worker_connections 1024; }
                http {
                    access_log %s;
                    client_body_temp_path %s/client;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                    server_tokens off;
                    # limits, on purpose: below the services' own, so a client meets these answers first
                    client_max_body_size 1m;
                    client_header_buffer_size 4k;
                    large_client_header_buffers 4 4k;
                    proxy_http_version 1.1;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $host:$server_port;
                    server {
                        listen 127.0.0.1:%d;
                %s
                        location = /gateway/health { default_type text/plain; return 200 "ok\\n"; }
                %s
                        location / { return 404; }
                    }
                }
                """.formatted(root ? "user root root;" : "", logDir.resolve("gateway-error.log"), stateDir.resolve("nginx.pid"),
                logDir.resolve("gateway-access.log"), temp, temp, temp, temp, temp, port, String.join("\n", problems),
                String.join("\n", locations));
    }
}
