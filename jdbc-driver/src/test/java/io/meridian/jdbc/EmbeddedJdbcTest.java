package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton's path: JDBC → Calcite → transaction → Paxos group of three → RocksDB. */
class EmbeddedJdbcTest {
    @TempDir
    Path dir;

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int width = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= width; i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            out.add(row.toString());
        }
        return out;
    }

    @Test
    void currentUserIsTheUserNamedOrSa() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:", "alice", "");
                Statement s = c.createStatement()) {
            assertEquals(List.of("alice|alice"), rows(s.executeQuery("SELECT CURRENT_USER, USER")));
        }
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:"); Statement s = c.createStatement()) {
            assertEquals(List.of("sa"), rows(s.executeQuery("SELECT SESSION_USER")));
        }
    }

    @Test
    void createInsertSelectUpdateDeleteDrop() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(64), balance DOUBLE)");
            assertEquals(3, s.executeUpdate("INSERT INTO accounts VALUES (1, 'ada', 100.0), (2, 'bob', 50.5), (3, NULL, NULL)"));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
                p.setLong(1, 4);
                p.setString(2, "cy");
                p.setDouble(3, 7.25);
                assertEquals(1, p.executeUpdate());
                p.setLong(1, 5);
                p.setNull(2, java.sql.Types.VARCHAR);
                p.setDouble(3, 0);
                assertEquals(1, p.executeUpdate());
            }
            assertEquals(List.of("1|ada|100.0", "2|bob|50.5", "3|null|null", "4|cy|7.25", "5|null|0.0"),
                    rows(s.executeQuery("SELECT id, owner, balance FROM accounts ORDER BY id")));
            assertEquals(List.of("2|bob"), rows(s.executeQuery("SELECT id, owner FROM accounts WHERE balance > 10 AND balance < 60")));
            assertEquals(2, s.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE owner IS NOT NULL AND id < 3"));
            assertEquals(List.of("1|101.0", "2|51.5"), rows(s.executeQuery("SELECT id, balance FROM accounts WHERE id <= 2 ORDER BY id")));
            try (PreparedStatement p = c.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
                p.setLong(1, 3);
                assertEquals(1, p.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(balance) FROM accounts")) {
                assertTrue(rs.next());
                assertEquals(4, rs.getLong(1));
                assertEquals(101.0 + 51.5 + 7.25, rs.getDouble(2), 1e-9);
            }
            try (ResultSet rs = s.executeQuery("SELECT owner FROM accounts WHERE id = 5")) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
                assertTrue(rs.wasNull());
                assertFalse(rs.next());
            }
            s.execute("DROP TABLE accounts");
            SQLException gone = assertThrows(SQLSyntaxErrorException.class, () -> s.executeQuery("SELECT * FROM accounts"));
            assertEquals("42P01", gone.getSQLState());
        }
    }

    @Test
    void errorsCarrySqlStateAndLeaveDatabaseUsable() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:"); Statement s = c.createStatement()) {
            assertEquals("42601", assertThrows(SQLSyntaxErrorException.class, () -> s.execute("SELEC 1")).getSQLState());
            assertEquals("42P01", assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nope")).getSQLState());
            s.execute("CREATE TABLE t (k INT PRIMARY KEY, v VARCHAR(10))");
            s.executeUpdate("INSERT INTO t VALUES (1, 'one')");
            SQLException dup = assertThrows(SQLIntegrityConstraintViolationException.class,
                    () -> s.executeUpdate("INSERT INTO t VALUES (2, 'two'), (1, 'again')"));
            assertEquals("23505", dup.getSQLState());
            assertEquals("42703", assertThrows(SQLException.class, () -> s.executeQuery("SELECT nope FROM t")).getSQLState());
            assertEquals("42P07", assertThrows(SQLException.class, () -> s.execute("CREATE TABLE t (a INT)")).getSQLState());
            // The failed multi-row insert left nothing behind: statements are atomic.
            assertEquals(List.of("1|one"), rows(s.executeQuery("SELECT k, v FROM t")));
        }
    }

    @Test
    void batchRunsInOneRequestAndReportsTheFailingRow() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:"); Statement s = c.createStatement();
                PreparedStatement p = c.prepareStatement("INSERT INTO b VALUES (?)")) {
            s.execute("CREATE TABLE b (k INT PRIMARY KEY)");
            for (int k : new int[] {1, 2, 3}) {
                p.setInt(1, k);
                p.addBatch();
            }
            assertEquals(3, p.executeBatch().length);
            for (int k : new int[] {4, 2, 5}) {
                p.setInt(1, k);
                p.addBatch();
            }
            java.sql.BatchUpdateException e = assertThrows(java.sql.BatchUpdateException.class, p::executeBatch);
            assertEquals("23505", e.getSQLState());
            assertEquals(1, e.getLargeUpdateCounts().length, "the row before the failing one ran");
            assertEquals(List.of("1", "2", "3", "4"), rows(s.executeQuery("SELECT k FROM b ORDER BY k")));
        }
    }

    @Test
    void dataAndSchemaSurviveReopen() throws SQLException {
        String url = "jdbc:meridian:embedded:" + dir.resolve("db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kv (k VARCHAR(20) PRIMARY KEY, v INTEGER NOT NULL)");
            s.execute("CREATE TABLE log (msg VARCHAR(100))");
            s.executeUpdate("INSERT INTO kv VALUES ('a', 1), ('b', 2)");
            s.executeUpdate("INSERT INTO log VALUES ('first'), ('second')");
            s.executeUpdate("UPDATE kv SET v = 20 WHERE k = 'b'");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertEquals(List.of("a|1", "b|20"), rows(s.executeQuery("SELECT k, v FROM kv ORDER BY k")));
            assertEquals(List.of("first", "second"), rows(s.executeQuery("SELECT msg FROM log ORDER BY msg")));
            s.executeUpdate("INSERT INTO log VALUES ('third')");
            assertEquals(List.of("3"), rows(s.executeQuery("SELECT COUNT(*) FROM log")));
        }
    }

    @Test
    void explicitTransactionsCommitAndRollBack() throws SQLException {
        String url = "jdbc:meridian:embedded:" + dir.resolve("txn");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INT PRIMARY KEY, v INT)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (1, 10)");
            assertEquals(List.of("1|10"), rows(s.executeQuery("SELECT k, v FROM t")), "a transaction sees its own writes");
            c.rollback();
            assertEquals(List.of(), rows(s.executeQuery("SELECT k, v FROM t")));
            s.executeUpdate("INSERT INTO t VALUES (2, 20)");
            c.commit();
            c.setAutoCommit(true);
            try (Connection other = DriverManager.getConnection(url); Statement s2 = other.createStatement()) {
                assertEquals(List.of("2|20"), rows(s2.executeQuery("SELECT k, v FROM t")));
            }
        }
    }
}
