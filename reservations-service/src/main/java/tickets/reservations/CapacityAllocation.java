package tickets.reservations;

import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.contracts.carts.CartsIntegrationEvent.Line;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Decides a batch of confirmed carts against the tickets left, in arrival order, without I/O: a
 * cart gets every line or nothing; a cart that does not fit takes nothing and learns, per line it
 * could not get, how many were left. The caller has locked the levels' ledger rows, so what is
 * left cannot change underneath, and writes back {@link #taken()} per level: never more than was left.
 *
 * @param <K> how the caller identifies one level's ledger row
 */
public final class CapacityAllocation<K> {

    /** The tickets a level has left (0 for a level that is unknown, not offered or of a cancelled concert). */
    private final Map<K, Integer> left;
    private final Map<K, Integer> taken = new LinkedHashMap<>();
    private final BiFunction<UUID, String, K> levelOf;

    /**
     * @param left    the tickets left per level row, as locked
     * @param levelOf the level row a cart's (concert, level) is taken from; null when there is none
     */
    public CapacityAllocation(Map<K, Integer> left, BiFunction<UUID, String, K> levelOf) {
        this.left = new HashMap<>(left);
        this.levelOf = levelOf;
    }

    /** A cart's outcome: held (every line), or rejected with the lines it could not get. */
    public sealed interface Outcome {
        record Held(CartConfirmed cart) implements Outcome {
        }

        record Rejected(CartConfirmed cart, List<RejectedLine> lines) implements Outcome {
        }
    }

    /** Decides one cart (call in arrival order). */
    public Outcome decide(CartConfirmed cart) {
        Map<K, Integer> wanted = new LinkedHashMap<>();
        for (Line line : cart.lines()) {
            K level = levelOf.apply(line.concertId(), line.ticketLevel());
            if (level != null && line.quantity() > 0) {
                wanted.merge(level, line.quantity(), Math::addExact);
            }
        }
        List<RejectedLine> refused = new ArrayList<>();
        for (Line line : cart.lines()) {
            K level = levelOf.apply(line.concertId(), line.ticketLevel());
            int available = level == null ? 0 : left.getOrDefault(level, 0);
            if (line.quantity() <= 0) {
                refused.add(new RejectedLine(line.concertId(), line.ticketLevel(), line.quantity(), available,
                        "not a quantity"));
            } else if (level == null || wanted.get(level) > available) {
                refused.add(new RejectedLine(line.concertId(), line.ticketLevel(), line.quantity(), available,
                        available == 0 ? "sold out, unknown or cancelled" : "only " + available + " left"));
            }
        }
        if (!refused.isEmpty()) {
            return new Outcome.Rejected(cart, refused);
        }
        wanted.forEach((level, quantity) -> {
            left.merge(level, -quantity, Integer::sum);
            taken.merge(level, quantity, Integer::sum);
        });
        return new Outcome.Held(cart);
    }

    /** Tickets taken per level by the carts held so far. */
    public Map<K, Integer> taken() {
        return Map.copyOf(taken);
    }
}
