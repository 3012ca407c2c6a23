package tickets.eventsourcing.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * An answer to a caller who sent credentials is theirs alone (their tickets' codes, purchases, invoices, account): no
 * cache on the way, a proxy's or a shared browser's, may keep it. Answers to anonymous callers (the concert list,
 * availability, the signing keys) keep whatever they say, so they stay cacheable.
 */
public class PrivateAnswers {

    @ServerResponseFilter
    public void keepNoCopyOfACallersAnswer(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                && !response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
