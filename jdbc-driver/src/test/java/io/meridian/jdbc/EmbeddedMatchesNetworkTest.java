package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.NodeServer;
import io.meridian.server.auth.UserStore;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database answers statements without protocol messages (an in-process shortcut);
 * a client must not be able to tell: the same rows, values, classes, NULLs, metadata, update
 * counts and errors as from a node server over the network, across result batches.
 */
class EmbeddedMatchesNetworkTest {
    private static final String CREATE = "CREATE TABLE typed (id INTEGER PRIMARY KEY, b BOOLEAN, s SMALLINT, i INTEGER,"
            + " l BIGINT, r REAL, d DOUBLE, m DECIMAL(12,3), v VARCHAR(20), c CHAR(4), y VARBINARY(8), dt DATE, tm TIME,"
            + " ts TIMESTAMP)";

    @TempDir
    Path dir;

    @Test
    void sameAnswersInProcessAndOverTheNetwork() throws Exception {
        NodeServer server = NodeServer.start(dir.resolve("node"), new InetSocketAddress("127.0.0.1", 0),
                UserStore.openOrCreate(dir.resolve("node"), "secret"), new FrameLimits(1024 * 1024, 60));
        try (Connection network = DriverManager.getConnection("jdbc:meridian://127.0.0.1:" + server.address().getPort()
                + "/meridian?user=admin&password=secret");
                Connection embedded = DriverManager.getConnection("jdbc:meridian:embedded:" + dir.resolve("embedded"))) {
            assertEquals(script(network), script(embedded));
        } finally {
            server.close();
        }
    }

    /** Everything a client can observe of a fixed script, as text. */
    private static List<String> script(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            seen.add("create " + s.executeUpdate(CREATE));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 0; id < 25; id++) {
                    p.setInt(1, id);
                    if (id % 5 == 0) {
                        for (int col = 2; col <= 14; col++) {
                            p.setObject(col, null);
                        }
                    } else {
                        p.setBoolean(2, id % 2 == 0);
                        p.setShort(3, (short) -id);
                        p.setInt(4, id * 1_000);
                        p.setLong(5, Long.MAX_VALUE - id);
                        p.setFloat(6, id / 4f);
                        p.setDouble(7, id / 3.0);
                        p.setBigDecimal(8, new BigDecimal(id + ".125"));
                        p.setString(9, "v" + id);
                        p.setString(10, "c" + id);
                        p.setBytes(11, new byte[] {(byte) id, 0, -1});
                        p.setDate(12, Date.valueOf("2026-11-" + (1 + id)));
                        p.setTime(13, Time.valueOf("12:34:" + (10 + id)));
                        p.setTimestamp(14, Timestamp.valueOf("2026-11-26 01:02:03." + (100 + id)));
                    }
                    seen.add("insert " + p.executeUpdate());
                }
            }
            s.setFetchSize(7); // several batches: the first in-process, the rest fetched
            try (ResultSet rs = s.executeQuery("SELECT * FROM typed ORDER BY id")) {
                ResultSetMetaData meta = rs.getMetaData();
                for (int col = 1; col <= meta.getColumnCount(); col++) {
                    seen.add(meta.getColumnLabel(col) + " " + meta.getColumnType(col) + " " + meta.getColumnTypeName(col)
                            + " " + meta.isNullable(col) + " " + meta.getPrecision(col) + " " + meta.getScale(col));
                }
                while (rs.next()) {
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        Object value = rs.getObject(col);
                        seen.add(rs.getRow() + ":" + col + " " + (value instanceof byte[] bytes ? Arrays.toString(bytes)
                                : value) + " " + (value == null ? "null" : value.getClass().getName()) + " "
                                + rs.wasNull() + " " + rs.getString(col));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT v, d FROM typed WHERE id = ?")) {
                q.setLong(1, 7);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    seen.add(rs.getString(1) + " " + rs.getDouble(2) + " " + rs.next());
                }
            }
            seen.add("update " + s.executeUpdate("UPDATE typed SET i = i + 1 WHERE id < 10"));
            for (String bad : List.of("SELECT nope FROM typed", "INSERT INTO typed (id) VALUES (1)",
                    "SELECT CAST('x' AS INTEGER)")) {
                try {
                    s.executeQuery(bad);
                    seen.add("no error: " + bad);
                } catch (SQLException e) {
                    seen.add(e.getClass().getSimpleName() + " " + e.getSQLState() + " " + e.getMessage());
                }
            }
        }
        return seen;
    }
}
