package tickets.concerts;

import tickets.concerts.ConcertCommand.CancelConcert;
import tickets.concerts.ConcertCommand.ConcertDetails;
import tickets.concerts.ConcertCommand.CreateConcert;
import tickets.concerts.ConcertCommand.UpdateConcert;
import tickets.concerts.ConcertCommand.UpdateTicketLevels;
import tickets.concerts.ConcertEvent.ConcertCancelled;
import tickets.concerts.ConcertEvent.ConcertCreated;
import tickets.concerts.ConcertEvent.ConcertUpdated;
import tickets.concerts.ConcertEvent.TicketLevelsUpdated;
import tickets.concerts.ConcertRules.ConcertAlreadyCancelled;
import tickets.concerts.ConcertRules.ConcertAlreadyExists;
import tickets.concerts.ConcertRules.ConcertMustStartInTheFuture;
import tickets.concerts.ConcertRules.ConcertNotFound;

import java.util.List;
import java.util.UUID;

/**
 * A concert and its ticket levels. Pure: {@link #decide} turns a command into events under the
 * rules, {@link #evolve} applies an event. A cancelled concert takes no further changes.
 */
public record Concert(UUID id, Status status, ConcertDetails details, List<TicketLevel> ticketLevels,
                      String cancellationReason) {

    public enum Status { NOT_CREATED, SCHEDULED, CANCELLED }

    public static final Concert INITIAL = new Concert(null, Status.NOT_CREATED, null, List.of(), null);

    public boolean exists() {
        return status != Status.NOT_CREATED;
    }

    public boolean isCancelled() {
        return status == Status.CANCELLED;
    }

    public static List<ConcertEvent> decide(ConcertCommand command, Concert state) {
        return switch (command) {
            case CreateConcert create -> {
                if (state.exists()) {
                    throw new ConcertAlreadyExists(create.concertId());
                }
                if (!create.details().startsAt().isAfter(create.requestedAt())) {
                    throw new ConcertMustStartInTheFuture();
                }
                yield List.of(new ConcertCreated(create.concertId(), create.details(), create.ticketLevels()));
            }
            case UpdateConcert update -> {
                state.requireChangeable(update.concertId());
                yield update.details().equals(state.details())
                        ? List.of()
                        : List.of(new ConcertUpdated(update.concertId(), update.details()));
            }
            case UpdateTicketLevels update -> {
                state.requireChangeable(update.concertId());
                yield update.ticketLevels().equals(state.ticketLevels())
                        ? List.of()
                        : List.of(new TicketLevelsUpdated(update.concertId(), update.ticketLevels()));
            }
            case CancelConcert cancel -> {
                if (!state.exists()) {
                    throw new ConcertNotFound(cancel.concertId());
                }
                yield state.isCancelled() ? List.of() : List.of(new ConcertCancelled(cancel.concertId(), cancel.reason()));
            }
        };
    }

    public static Concert evolve(Concert state, ConcertEvent event) {
        return switch (event) {
            case ConcertCreated created -> new Concert(created.concertId(), Status.SCHEDULED, created.details(),
                    created.ticketLevels(), null);
            case ConcertUpdated updated -> new Concert(state.id(), state.status(), updated.details(), state.ticketLevels(),
                    state.cancellationReason());
            case TicketLevelsUpdated updated -> new Concert(state.id(), state.status(), state.details(),
                    updated.ticketLevels(), state.cancellationReason());
            case ConcertCancelled cancelled -> new Concert(state.id(), Status.CANCELLED, state.details(),
                    state.ticketLevels(), cancelled.reason());
        };
    }

    private void requireChangeable(UUID concertId) {
        if (!exists()) {
            throw new ConcertNotFound(concertId);
        }
        if (isCancelled()) {
            throw new ConcertAlreadyCancelled(concertId);
        }
    }
}
