package tickets.testkit;

import tickets.devstack.Devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plain JDBC on a service's real devstack database, to check what a test's requests stored.
 * A {@link List} parameter is bound as a {@code uuid[]} (for {@code = any(?)}).
 */
public final class TestDatabase {

    private final String url;

    public TestDatabase(Devstack devstack, String database) {
        this.url = devstack.postgres().jdbcUrl(database);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }

    /** Every row, every column. */
    public List<List<Object>> query(String sql, Object... params) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rows = statement.executeQuery()) {
            List<List<Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++) {
                    row.add(rows.getObject(c));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql, Object... params) {
        return query(sql, params).stream().map(row -> row.get(0) == null ? null : String.valueOf(row.get(0))).toList();
    }

    /** The first column of the first row as a number (a count, a sum), 0 when there is no row. */
    public long count(String sql, Object... params) {
        List<List<Object>> rows = query(sql, params);
        return rows.isEmpty() || rows.get(0).get(0) == null ? 0 : ((Number) rows.get(0).get(0)).longValue();
    }

    /** A statement that changes something (insert, update, delete, DDL); returns how many rows it changed. */
    public int update(String sql, Object... params) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A statement whose failure the test wants to see (e.g. the database refusing it). */
    public void execute(String sql, Object... params) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, params)) {
            statement.execute();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof List<?> list) {
                statement.setArray(i + 1, connection.createArrayOf("uuid", list.stream()
                        .map(item -> item instanceof UUID ? item : UUID.fromString(String.valueOf(item))).toArray()));
            } else {
                statement.setObject(i + 1, params[i]);
            }
        }
        return statement;
    }
}
