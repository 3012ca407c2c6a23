package tickets.eventsourcing;

import java.util.Optional;
import java.util.Set;

/** What PostgreSQL said when a statement failed: its SQLSTATE and, for a constraint, its name. */
public final class SqlFailures {

    /** A unique constraint refused a row. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** The transaction was chosen as a deadlock victim; retrying it is safe. */
    public static final String DEADLOCK_DETECTED = "40P01";
    /** The transaction could not be serialised with a concurrent one; retrying it is safe. */
    public static final String SERIALIZATION_FAILURE = "40001";

    private static final Set<String> RETRYABLE = Set.of(DEADLOCK_DETECTED, SERIALIZATION_FAILURE);

    private SqlFailures() {
    }

    /** The SQLSTATE of the first database error in the cause chain. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                return Optional.of(pg.getSqlState());
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException constraint
                    && constraint.getSQLState() != null) {
                return Optional.of(constraint.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** The name of the constraint a row broke, if the failure says. */
    public static Optional<String> constraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getConstraint() != null) {
                return Optional.of(pg.getConstraint());
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException constraint
                    && constraint.getConstraintName() != null) {
                return Optional.of(constraint.getConstraintName());
            }
        }
        return Optional.empty();
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return sqlState(failure).filter(UNIQUE_VIOLATION::equals).isPresent();
    }

    /** A deadlock or serialization failure: the whole transaction may simply be run again. */
    public static boolean isRetryable(Throwable failure) {
        return sqlState(failure).filter(RETRYABLE::contains).isPresent();
    }

    /** The database could not be reached at all (down, restarting, connection lost). */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.core.VertxException
                    && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("closed")) {
                return true;
            }
            if (t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
