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
public final class Gateway extends ProcessComponent {

    private final ProjectLayout layout;
    private final int port;
    private final Map<String, String> upstreams;
    private final Path stateDir;
    private final Path logDir;
    private final EdgePolicy policy;

    /**
     * What the gateway does at the edge besides routing: rate limits per client address on registration, login
     * and payment, and which storefront origin may call the API from a browser (CORS). Security headers are
     * always set; X-Forwarded-* always come from the gateway itself, never from the client.
     *
     * @param rateLimited off only where many clients share one address on purpose (load tests on loopback)
     * @param storefrontOrigin the one browser origin allowed to call the API, e.g. https://shop.example.com
     */
    public record EdgePolicy(boolean rateLimited, Optional<String> storefrontOrigin) {

        /** Rate limits unless {@code TICKETS_GATEWAY_RATE_LIMITS=off}; the storefront from {@code TICKETS_STOREFRONT_ORIGIN}. */
        public static EdgePolicy fromEnvironment() {
            String limits = System.getenv().getOrDefault("TICKETS_GATEWAY_RATE_LIMITS", "on").strip();
            String origin = System.getenv().getOrDefault("TICKETS_STOREFRONT_ORIGIN", "http://localhost:3000").strip();
            return new EdgePolicy(!limits.equalsIgnoreCase("off"), origin.isEmpty() ? Optional.empty() : Optional.of(origin));
        }

        /** For tests and benchmarks that play hundreds of customers from one address. */
        public static EdgePolicy withoutRateLimits() {
            return new EdgePolicy(false, fromEnvironment().storefrontOrigin());
        }

        public EdgePolicy {
            storefrontOrigin.ifPresent(origin -> {
                if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                    throw new IllegalArgumentException("a storefront origin is scheme://host[:port], not " + origin);
                }
            });
        }
    }

    /**
     * A limit per client address on requests that cost the platform (or a person) something when abused: nginx's
     * leaky bucket, {@code burst} requests at once, then {@code perMinute}. {@code request} matches
     * "METHOD /path" exactly, or as a regular expression when it starts with ~.
     */
    public record RateLimit(String zone, String request, int perMinute, int burst) {
    }

    /**
     * Matched on nginx's normalised path (decoded, slashes merged), and on every spelling the upstream answers the same:
     * a trailing slash or a matrix parameter ({@code ;x=y}) reaches the same endpoint, so it counts against the same
     * limit (an exact match let 45 wrong passwords through with a slash appended). Production's edge has the same
     * limits (deploy/k8s/components/edge-rate-limits; EdgeRateLimitsTest compares them).
     */
    public static final List<RateLimit> RATE_LIMITS = List.of(
            new RateLimit("registration", "~^POST /api/users(;[^/]*)?/*$", 10, 20),
            new RateLimit("login", "~^POST /auth/realms/[^/]+/(protocol/openid-connect/token|login-actions/authenticate)(;[^/]*)?/*$", 30, 30),
            new RateLimit("payment", "~^POST /api/payments(;[^/]*)?/*$", 30, 30));

    /** @param upstreams target name (as in routes.txt) to base URL, e.g. concerts to http://127.0.0.1:18081 */
    public Gateway(ProjectLayout layout, int port, Map<String, String> upstreams, Path stateDir, Path logDir) {
        this(layout, port, upstreams, stateDir, logDir, EdgePolicy.fromEnvironment());
    }

    public Gateway(ProjectLayout layout, int port, Map<String, String> upstreams, Path stateDir, Path logDir,
                   EdgePolicy policy) {
        this.layout = layout;
        this.port = port;
        this.upstreams = Map.copyOf(upstreams);
        this.stateDir = stateDir;
        this.logDir = logDir;
        this.policy = policy;
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

    /** Where a gateway prefix routed to Keycloak arrives: Keycloak serves from its root, the gateway under /auth. */
    public static String keycloakPath(String prefix) {
        if (!prefix.startsWith("/auth/")) {
            throw new IllegalStateException("a route to Keycloak must be under /auth/: " + prefix);
        }
        return prefix.substring("/auth".length());
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
        OWN_ERRORS.put(429, "Too Many Requests: this address sent too many of these requests; try again in a minute");
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
                // Keycloak serves from its root: the gateway's /auth/... is Keycloak's /...; only the paths routes.txt
                // names (the tickets realm, the login pages' resources) are public, not the admin console or master
                locations.add("        location " + prefix + "/ { proxy_pass " + upstream + keycloakPath(prefix) + "/; }");
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
            // a location with add_header of its own inherits none: the edge headers are repeated here
            String headers = edgeHeaders() + (status == 429 ? " add_header Retry-After 60 always;" : "");
            problems.add("        location = /gateway/problems/" + status + " { internal; default_type application/problem+json;"
                    + headers + " return " + status + " '{\"type\":\"https://tickets.example/problems/http-" + status
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
                    # the gateway is the edge: what a client says in X-Forwarded-* is replaced, never passed on
                    proxy_set_header X-Forwarded-For $remote_addr;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    # the address it listens on, not the client's Host header (a client could name any host)
                    proxy_set_header X-Forwarded-Host $server_addr:$server_port;
                    proxy_set_header X-Forwarded-Port "";
                    proxy_set_header X-Forwarded-Prefix "";
                    proxy_set_header Forwarded "";
                    proxy_set_header X-Real-IP $remote_addr;
                %s
                    server {
                        listen 127.0.0.1:%d;
                %s
                %s
                        location = /gateway/health { default_type text/plain; return 200 "ok\\n"; }
                %s
                        location / { return 404; }
                    }
                }
                """.formatted(root ? "user root root;" : "", logDir.resolve("gateway-error.log"), stateDir.resolve("nginx.pid"),
                logDir.resolve("gateway-access.log"), temp, temp, temp, temp, temp, String.join("\n", httpEdge()), port,
                String.join("\n", serverEdge()), String.join("\n", problems),
                String.join("\n", locations));
    }

    /** The http-level edge: security headers, rate-limit zones and the CORS origin, from {@link #policy}. */
    private List<String> httpEdge() {
        List<String> lines = new ArrayList<>();
        // security headers on every answer; a service's own (Keycloak frames its login pages) is kept
        for (String[] header : SECURITY_HEADERS) {
            String variable = "$edge_" + header[0].toLowerCase().replace('-', '_');
            lines.add("    map $upstream_http_" + header[0].toLowerCase().replace('-', '_') + " " + variable
                    + " { \"\" \"" + header[1] + "\"; default $upstream_http_" + header[0].toLowerCase().replace('-', '_') + "; }");
            lines.add("    proxy_hide_header " + header[0] + ";");
        }
        lines.add("   " + edgeHeaders());
        if (policy.rateLimited()) {
            for (RateLimit limit : RATE_LIMITS) {
                // an empty key is not counted: only the limited requests fill the zone
                lines.add("    map \"$request_method $uri\" $limit_" + limit.zone() + " { \"" + limit.request()
                        + "\" $binary_remote_addr; default \"\"; }");
                lines.add("    limit_req_zone $limit_" + limit.zone() + " zone=" + limit.zone() + ":1m rate=" + limit.perMinute() + "r/m;");
            }
            lines.add("    limit_req_status 429;");
            lines.add("    limit_req_log_level warn;");
        }
        String origin = policy.storefrontOrigin().orElse("");
        lines.add("    map $http_origin $cors_origin { \"" + origin + "\" $http_origin; default \"\"; }");
        lines.add("    map \"$request_method:$cors_origin\" $cors_preflight { \"~^OPTIONS:.+\" 1; default 0; }");
        lines.add("    map $cors_origin $cors_methods { \"\" \"\"; default \"GET, POST, PUT, PATCH, DELETE\"; }");
        lines.add("    map $cors_origin $cors_headers { \"\" \"\"; default \"Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key\"; }");
        lines.add("    map $cors_origin $cors_expose { \"\" \"\"; default \"ETag, Location, Retry-After\"; }");
        lines.add("    map $cors_origin $cors_max_age { \"\" \"\"; default \"600\"; }");
        return lines;
    }

    /** The server-level edge: the rate limits apply to every location, a storefront's preflight is answered here. */
    private List<String> serverEdge() {
        List<String> lines = new ArrayList<>();
        if (policy.rateLimited()) {
            for (RateLimit limit : RATE_LIMITS) {
                lines.add("        limit_req zone=" + limit.zone() + " burst=" + limit.burst() + " nodelay;");
            }
        }
        lines.add("        if ($cors_preflight) { return 204; }");
        return lines;
    }

    private static final String[][] SECURITY_HEADERS = {
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", "DENY"},
            {"Referrer-Policy", "no-referrer"},
            {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
    };

    /** add_header lines (valid in http, server and location): security headers and CORS for the storefront. */
    private static String edgeHeaders() {
        StringBuilder headers = new StringBuilder();
        for (String[] header : SECURITY_HEADERS) {
            headers.append(" add_header ").append(header[0]).append(" $edge_")
                    .append(header[0].toLowerCase().replace('-', '_')).append(" always;");
        }
        // empty values are not sent: a request from any other origin gets no CORS header at all
        headers.append(" add_header Access-Control-Allow-Origin $cors_origin always;")
                .append(" add_header Vary Origin always;")
                .append(" add_header Access-Control-Allow-Methods $cors_methods always;")
                .append(" add_header Access-Control-Allow-Headers $cors_headers always;")
                .append(" add_header Access-Control-Expose-Headers $cors_expose always;")
                .append(" add_header Access-Control-Max-Age $cors_max_age always;");
        return headers.toString();
    }
}
