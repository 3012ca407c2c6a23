package tickets.eventsourcing.testapp;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.Requests;

import java.time.Instant;
import java.util.UUID;

/** The notes over HTTP, built like a service's resource: thin, commands in, problem details out. */
@Path("/api/library/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class NotesResource {

    public record NoteRequest(String title, Instant archiveAt) {
    }

    public record NoteResponse(UUID id, String title, boolean archived, long version) {
        static NoteResponse of(CommandResult<Note, Note.Event> result) {
            return new NoteResponse(result.streamId(), result.state().title(), result.state().archived(), result.version());
        }
    }

    @Inject
    CommandHandler commands;
    @Inject
    NoteAggregate notes;

    @POST
    public Uni<Response> create(NoteRequest body, @HeaderParam(Requests.CORRELATION_HEADER) String correlation,
                                @Context UriInfo uri) {
        Requests.requireBody(body);
        UUID id = UUID.randomUUID();
        var context = Requests.commandContext(null, correlation);
        org.jboss.logging.Logger.getLogger(NotesResource.class).infof("creating note %s on request", id);
        return commands.handle(notes, id, ExpectedVersion.NO_STREAM, new Note.Command.CreateNote(id, body.title(),
                        body.archiveAt()), context)
                .map(result -> Response.created(uri.getAbsolutePathBuilder().path(id.toString()).build())
                        .header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue())
                        .entity(NoteResponse.of(result)).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<Response> rename(@PathParam("id") String idParam, NoteRequest body,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = Requests.pathId(idParam, raw -> new ResourceNotFound("note", raw));
        Requests.requireBody(body);
        return respond(commands.handle(notes, id, ETag.expectedFromIfMatch(ifMatch),
                new Note.Command.RenameNote(id, body.title()), Requests.commandContext(null, correlation)));
    }

    @POST
    @Path("/{id}/archive")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> archive(@PathParam("id") String idParam) {
        UUID id = Requests.pathId(idParam, raw -> new ResourceNotFound("note", raw));
        return respond(commands.handle(notes, id, ExpectedVersion.ANY, new Note.Command.ArchiveNote(id, null),
                Requests.commandContext(null, null)));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String idParam, @QueryParam("view") String view) {
        UUID id = Requests.pathId(idParam, raw -> new ResourceNotFound("note", raw));
        return Panache.withSession(() -> commands.read(notes, id)).map(result -> {
            if (result.version() == 0) {
                throw new ResourceNotFound("note", id);
            }
            return Response.ok(NoteResponse.of(result)).header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue())
                    .build();
        });
    }

    private static Uni<Response> respond(Uni<CommandResult<Note, Note.Event>> result) {
        return result.map(r -> Response.ok(NoteResponse.of(r)).header(HttpHeaders.ETAG, ETag.of(r.version()).headerValue())
                .build());
    }
}
