package io.meridian.bench.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The table both engines serve in {@link PointAndRangeBenchmark}: {@code accounts(id BIGINT
 * PRIMARY KEY, name VARCHAR(32), balance DOUBLE)} with ids 0..rows-1, identical rows in each.
 * A loaded database is marked with a file so that the later JMH forks of a run reuse it
 * (loading Meridian through Paxos with synced commits is the slow part of a trial).
 */
final class SqlDataset {
    static final String CREATE = "CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(32) NOT NULL, "
            + "balance DOUBLE NOT NULL)";
    static final String INSERT = "INSERT INTO accounts VALUES (?, ?, ?)";
    static final String POINT_SELECT = "SELECT name, balance FROM accounts WHERE id = ?";
    static final String RANGE_SELECT = "SELECT id, name, balance FROM accounts WHERE id >= ? AND id < ?";
    static final int RANGE_ROWS = 100;
    static final int ROWS_PER_COMMIT = 1000;

    private SqlDataset() {
    }

    /** The JDBC URL of {@code engine}'s database for {@code rows} rows under {@code parent}. */
    static String url(String engine, Path parent, int rows) {
        Path dir = parent.resolve(engine + "-" + rows).toAbsolutePath();
        return switch (engine) {
            case "meridian" -> "jdbc:meridian:embedded:" + dir;
            // File mode, default settings (MVStore); the database lives in dir/h2.mv.db.
            case "h2" -> "jdbc:h2:file:" + dir.resolve("h2");
            default -> throw new IllegalArgumentException("unknown engine " + engine + "; use meridian or h2");
        };
    }

    /** Creates and loads the table unless a previous fork did; either way checks the row count. */
    static void prepare(String engine, Path parent, int rows) throws SQLException {
        Path marker = parent.resolve(engine + "-" + rows + ".loaded");
        try (Connection c = DriverManager.getConnection(url(engine, parent, rows))) {
            if (!Files.exists(marker)) {
                load(c, rows);
                Files.writeString(marker, Integer.toString(rows));
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM accounts")) {
                r.next();
                if (r.getLong(1) != rows) {
                    throw new IllegalStateException(engine + " holds " + r.getLong(1) + " rows, expected " + rows);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void load(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE);
        }
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (int id = 0; id < rows; id++) {
                insert.setLong(1, id);
                insert.setString(2, String.format(Locale.ROOT, "customer-%08d", id));
                insert.setDouble(3, (id * 7919L % 100_000) / 100.0);
                insert.addBatch();
                if ((id + 1) % ROWS_PER_COMMIT == 0 || id == rows - 1) {
                    insert.executeBatch();
                    c.commit();
                }
            }
        }
        c.setAutoCommit(true);
    }
}
