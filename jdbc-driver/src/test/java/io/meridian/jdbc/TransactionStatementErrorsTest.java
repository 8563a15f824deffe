package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failures end an explicit transaction: a statement rejected before it ran (class 42) does
 * not, one that failed while running does (25P02); DDL ends a transaction that has only read and
 * is refused in one that has written. Migration tools rely on the first two.
 */
class TransactionStatementErrorsTest {
    @TempDir
    Path dir;

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rejectedStatementsLeaveTheTransactionUsableFailedOnesPoisonIt() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:" + dir); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INT PRIMARY KEY)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (1)");
            SQLException missing = assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM missing"));
            assertEquals("42P01", missing.getSQLState());
            assertEquals("42601", assertThrows(SQLException.class, () -> s.execute("SELEC 1")).getSQLState());
            s.execute("INSERT INTO t VALUES (2)");
            c.commit();
            assertEquals(2, count(s, "t"));

            s.execute("INSERT INTO t VALUES (3)");
            assertEquals("23505", assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1)")).getSQLState());
            assertEquals("25P02", assertThrows(SQLException.class, () -> count(s, "t")).getSQLState());
            c.rollback();
            assertEquals(2, count(s, "t"));
            c.commit();
        }
    }

    @Test
    void ddlEndsAReadOnlyTransactionAndIsRefusedAfterWrites() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:" + dir); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INT PRIMARY KEY)");
            c.setAutoCommit(false);
            assertEquals(0, count(s, "t"));
            s.execute("CREATE TABLE u (k INT PRIMARY KEY)");
            s.execute("INSERT INTO u VALUES (1)");
            SQLException refused = assertThrows(SQLException.class, () -> s.execute("CREATE INDEX u_k ON u (k)"));
            assertEquals("25001", refused.getSQLState());
            assertTrue(refused.getMessage().contains("commit first"), refused.getMessage());
            c.commit();
            s.execute("CREATE INDEX u_k ON u (k)");
            assertEquals(1, count(s, "u"));
            c.commit();
        }
    }
}
