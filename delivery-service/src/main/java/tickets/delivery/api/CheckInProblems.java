package tickets.delivery.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import tickets.delivery.DeliveryRules.TicketAlreadyAdmitted;
import tickets.delivery.codes.TicketCode.InvalidCode;
import tickets.eventsourcing.http.ProblemDetail;

import java.time.Instant;

/** The door's refusals as problem+json: a second scan says when the ticket was admitted; a code that is not genuine is 422. */
public class CheckInProblems {

    /** A problem with the time of the first admission, for the scanner to show. */
    public record AlreadyAdmitted(String type, String title, int status, String detail, String instance,
                                  Instant admittedAt) {
    }

    @ServerExceptionMapper
    public Response alreadyAdmitted(TicketAlreadyAdmitted e, UriInfo uri) {
        return Response.status(409).type(ProblemDetail.MEDIA_TYPE).entity(new AlreadyAdmitted(
                "https://tickets.example/problems/already-admitted", "Already admitted", 409, e.getMessage(), uri.getPath(),
                e.admittedAt())).build();
    }

    @ServerExceptionMapper
    public Response invalidCode(InvalidCode e, UriInfo uri) {
        ProblemDetail problem = ProblemDetail.of("invalid-ticket-code", "Not a genuine ticket", 422,
                "refused: " + e.getMessage(), uri.getPath());
        return Response.status(422).type(ProblemDetail.MEDIA_TYPE).entity(problem).build();
    }
}
