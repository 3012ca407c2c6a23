package tickets.eventsourcing.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.json.StrictJson;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Checks every request before it is routed, once for every service: a request body must be JSON
 * (415 otherwise, so a browser's cross-site form or text post cannot reach a command),
 * and the path and query must be well-formed UTF-8 without control characters (400 otherwise).
 */
public class RequestGuards {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter(preMatching = true)
    public void refuseWhatNoEndpointCanRead(ContainerRequestContext request) {
        var uri = request.getUriInfo().getRequestUri();
        requireCleanText("path", uri.getRawPath());
        requireCleanText("query", uri.getRawQuery());
        if (WITH_BODY.contains(request.getMethod())) {
            requireJsonBody(request);
        }
    }

    private static void requireJsonBody(ContainerRequestContext request) {
        boolean hasBody = request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
        if (!hasBody) {
            return; // nothing to read, whatever the headers say
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || contentType.isBlank()) {
            throw new UnsupportedMediaType("a request body must be sent with Content-Type: application/json");
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedMediaType("the Content-Type header cannot be read; send application/json");
        }
        boolean json = type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json"));
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (!json || (charset != null && !charset.equalsIgnoreCase("utf-8"))) {
            throw new UnsupportedMediaType("this API reads only application/json in UTF-8, not " + contentType);
        }
    }

    /** Percent-decodes strictly: malformed escapes, invalid UTF-8 and control characters are refused. */
    private static void requireCleanText(String part, String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw ValidationException.field(part, "has a malformed percent escape");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ValidationException.field(part, "is not valid UTF-8");
        }
        if (StrictJson.firstForbiddenCharacter(decoded) >= 0 || decoded.indexOf('\t') >= 0
                || decoded.indexOf('\n') >= 0 || decoded.indexOf('\r') >= 0) {
            throw ValidationException.field(part, "must not contain control characters such as NUL");
        }
    }
}
