package tickets.concerts.testsupport;

import tickets.devstack.Devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC on the service's real database, to check what a test's requests stored. */
public final class Database {

    private final String url;

    public Database(Devstack devstack) {
        this.url = devstack.postgres().jdbcUrl("concerts");
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }

    public long count(String sql, Object... params) {
        List<List<Object>> rows = query(sql, params);
        return ((Number) rows.get(0).get(0)).longValue();
    }

    public List<List<Object>> query(String sql, Object... params) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
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
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql, Object... params) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
        }
    }
}
