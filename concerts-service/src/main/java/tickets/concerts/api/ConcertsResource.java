package tickets.concerts.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.concerts.ConcertAggregate;
import tickets.concerts.ConcertCommand;
import tickets.concerts.ConcertCommand.CancelConcert;
import tickets.concerts.ConcertCommand.CreateConcert;
import tickets.concerts.ConcertCommand.UpdateConcert;
import tickets.concerts.ConcertCommand.UpdateTicketLevels;
import tickets.concerts.ConcertRules.ConcertNotFound;
import tickets.concerts.api.ConcertRequests.CancelConcertRequest;
import tickets.concerts.api.ConcertRequests.CreateConcertRequest;
import tickets.concerts.api.ConcertRequests.UpdateConcertRequest;
import tickets.concerts.api.ConcertRequests.UpdateTicketLevelsRequest;
import tickets.concerts.projections.ConcertView;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.Requests;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Concerts over HTTP: anyone may browse; admins create, change and cancel. */
@Path("/api/concerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Concerts")
public class ConcertsResource {

    private static final Set<String> STATUSES = Set.of("SCHEDULED", "CANCELLED");

    private final CommandHandler commands;
    private final ConcertAggregate concerts;
    private final SecurityIdentity identity;

    @Inject
    public ConcertsResource(CommandHandler commands, ConcertAggregate concerts, SecurityIdentity identity) {
        this.commands = commands;
        this.concerts = concerts;
        this.identity = identity;
    }

    @GET
    @PermitAll
    @WithSession
    public Uni<ConcertResponse.Page> list(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam,
                                          @QueryParam("status") String status) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 20, 1, 100);
        if (status != null && !STATUSES.contains(status)) {
            throw ValidationException.field("status", "must be one of " + STATUSES);
        }
        Sort order = Sort.by("startsAt").and("id");
        var query = status == null ? ConcertView.<ConcertView>findAll(order)
                : ConcertView.<ConcertView>find("status", order, status);
        return query.page(page, size).list()
                .chain(views -> query.count().map(total -> new ConcertResponse.Page(
                        views.stream().map(ConcertResponse::from).toList(), page, size, total)));
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @WithSession
    public Uni<Response> get(@PathParam("id") String idParam) {
        UUID id = Requests.pathId(idParam, raw -> new tickets.eventsourcing.ResourceNotFound("concert", raw));
        return ConcertView.<ConcertView>findById(id).map(view -> {
            if (view == null) {
                throw new ConcertNotFound(id);
            }
            return Response.ok(ConcertResponse.from(view)).header(HttpHeaders.ETAG, ETag.of(view.version).headerValue())
                    .build();
        });
    }

    @POST
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    public Uni<Response> create(CreateConcertRequest body, @HeaderParam(Requests.CORRELATION_HEADER) String correlation,
                                @jakarta.ws.rs.core.Context UriInfo uri) {
        Requests.requireBody(body);
        UUID id = UUID.randomUUID();
        var command = new CreateConcert(id, body.details(), ConcertRequests.levels(body.ticketLevels()), Instant.now());
        return execute(id, ExpectedVersion.NO_STREAM, command, correlation)
                .map(result -> Response.created(uri.getAbsolutePathBuilder().path(id.toString()).build())
                        .header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue())
                        .entity(ConcertResponse.from(result.state(), result.version()))
                        .build());
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    public Uni<Response> update(@PathParam("id") String idParam, UpdateConcertRequest body,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = concertId(idParam);
        Requests.requireBody(body);
        return changed(id, ifMatch, new UpdateConcert(id, body.details()), correlation);
    }

    @PUT
    @Path("/{id}/ticket-levels")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    public Uni<Response> updateTicketLevels(@PathParam("id") String idParam, UpdateTicketLevelsRequest body,
                                            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                            @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = concertId(idParam);
        Requests.requireBody(body);
        return changed(id, ifMatch, new UpdateTicketLevels(id, ConcertRequests.levels(body.ticketLevels())), correlation);
    }

    @POST
    @Path("/{id}/cancellation")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    public Uni<Response> cancel(@PathParam("id") String idParam, CancelConcertRequest body,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = concertId(idParam);
        Requests.requireBody(body);
        return changed(id, ifMatch, new CancelConcert(id, body.reason()), correlation);
    }

    private Uni<Response> changed(UUID id, String ifMatch, ConcertCommand command, String correlation) {
        return execute(id, ETag.expectedFromIfMatch(ifMatch), command, correlation)
                .map(result -> Response.ok(ConcertResponse.from(result.state(), result.version()))
                        .header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue())
                        .build());
    }

    private Uni<CommandResult<tickets.concerts.Concert, tickets.concerts.ConcertEvent>> execute(
            UUID id, ExpectedVersion expected, ConcertCommand command, String correlation) {
        return commands.handle(concerts, id, expected, command, Requests.commandContext(identity, correlation));
    }

    private static UUID concertId(String raw) {
        return Requests.pathId(raw, value -> new tickets.eventsourcing.ResourceNotFound("concert", value));
    }
}
