package tickets.users.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;
import tickets.users.Registration;
import tickets.users.Role;
import tickets.users.RoleChange;
import tickets.users.UserCommand.Profile;
import tickets.users.UserRules.UserNotFound;
import tickets.users.api.UserResponse.RegisterRequest;
import tickets.users.api.UserResponse.RoleRequest;
import tickets.users.projections.UserView;

import java.util.UUID;

/** Users over HTTP: anyone may register; a user reads their own profile; admins list users and change roles. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UsersResource {

    private final Registration registration;
    private final RoleChange roleChange;
    private final SecurityIdentity identity;

    @Inject
    public UsersResource(Registration registration, RoleChange roleChange, SecurityIdentity identity) {
        this.registration = registration;
        this.roleChange = roleChange;
        this.identity = identity;
    }

    @POST
    @PermitAll
    public Uni<Response> register(RegisterRequest body, @HeaderParam(Requests.CORRELATION_HEADER) String correlation,
                                  @Context UriInfo uri) {
        Requests.requireBody(body);
        Profile profile = new Profile(body.username(), body.email(), body.displayName());
        ValidationException.required(body.password(), "password");
        ValidationException.require(body.password().length() <= 256, "password", "must be at most 256 characters");
        ValidationException.require(tickets.eventsourcing.json.StrictJson.firstForbiddenCharacter(body.password()) < 0,
                "password", "must not contain control characters or unpaired surrogates");
        // registration is anonymous: the caller's identity is neither needed nor resolved here
        return registration.register(profile, body.password(), tickets.eventsourcing.CommandContext.ofRequest(correlation, null))
                .map(result -> Response.created(uri.getAbsolutePathBuilder().path(result.streamId().toString()).build())
                        .header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue())
                        .entity(UserResponse.from(result.state(), result.version()))
                        .build());
    }

    @GET
    @Path("/me")
    @Authenticated
    @WithSession
    @SecurityRequirement(name = "bearer")
    public Uni<Response> me() {
        String caller = AccessControl.userId(identity);
        UUID id = Requests.pathId(caller, raw -> new UserNotFound(raw));
        return view(id);
    }

    @GET
    @Path("/{id}")
    @Authenticated
    @WithSession
    @SecurityRequirement(name = "bearer")
    public Uni<Response> get(@PathParam("id") String idParam) {
        UUID id = Requests.pathId(idParam, raw -> new UserNotFound(raw));
        AccessControl.requireOwnerOrAdmin(identity, id.toString());
        return view(id);
    }

    @GET
    @RolesAllowed(AccessControl.ADMIN)
    @WithSession
    @SecurityRequirement(name = "bearer")
    public Uni<UserResponse.Page> list(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 20, 1, 100);
        var query = UserView.<UserView>findAll(Sort.by("username"));
        return query.page(page, size).list().chain(views -> query.count().map(total -> new UserResponse.Page(
                views.stream().map(UserResponse::from).toList(), page, size, total)));
    }

    @PUT
    @Path("/{id}/role")
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    public Uni<Response> changeRole(@PathParam("id") String idParam, RoleRequest body,
                                    @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                    @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = Requests.pathId(idParam, raw -> new UserNotFound(raw));
        Requests.requireBody(body);
        Role role = Role.parse(body.role());
        return roleChange.change(id, role, ETag.expectedFromIfMatch(ifMatch), Requests.commandContext(identity, correlation))
                .map(result -> Response.ok(UserResponse.from(result.state(), result.version()))
                        .header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue()).build());
    }

    private static Uni<Response> view(UUID id) {
        return UserView.<UserView>findById(id).map(view -> {
            if (view == null) {
                throw new UserNotFound(id);
            }
            return Response.ok(UserResponse.from(view)).header(HttpHeaders.ETAG, ETag.of(view.version).headerValue())
                    .build();
        });
    }
}
