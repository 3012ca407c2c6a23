package tickets.concerts.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.concerts.Concert;
import tickets.eventsourcing.ReadModel;

import java.util.List;
import java.util.UUID;

/** Keeps {@link ConcertView} equal to the aggregate's state, in the append's transaction. */
@ApplicationScoped
public class ConcertProjection implements ReadModel<Concert> {

    public static final String TABLE = "concert_view";

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public Uni<Void> write(UUID streamId, Concert concert, long version) {
        ConcertView view = new ConcertView();
        view.id = concert.id();
        view.title = concert.details().title();
        view.artist = concert.details().artist();
        view.venue = concert.details().venue();
        view.startsAt = concert.details().startsAt();
        view.status = concert.status().name();
        view.cancellationReason = concert.cancellationReason();
        view.ticketLevels = new ConcertView.Levels(concert.ticketLevels().stream()
                .map(level -> new ConcertView.Level(level.name(), level.capacity(), level.price().amountMinor(),
                        level.price().currency(), level.deliveryMethod().name()))
                .toList());
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }
}
