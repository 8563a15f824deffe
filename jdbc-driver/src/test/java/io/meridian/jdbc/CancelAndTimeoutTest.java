package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping statements: Statement.cancel from another thread, query timeouts, the session's
 * statement_timeout, network timeouts and abort, each against a real server.
 */
class CancelAndTimeoutTest {
    /** 300^3 = 27 million combinations, re-scanning the inner tables: many seconds of work. */
    static final String LONG_QUERY = "SELECT COUNT(*) FROM t x, t y, t z WHERE x.n + y.n + z.n < 0";
    static final long SAFETY_SECONDS = 60;

    @TempDir
    static Path dir;

    static TestServer server;
    static ExecutorService threads;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir);
        server.createNumbers("t", 300);
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
        server.close();
    }

    @Test
    void cancelFromAnotherThreadStopsARunningStatement() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) SAFETY_SECONDS);
            long started = System.nanoTime();
            Future<?> running = threads.submit(() -> s.executeQuery(LONG_QUERY));
            SQLException e = cancelUntilDone(s, running);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e instanceof SQLTimeoutException, e.getClass().getName());
            assertTrue(e.getMessage().contains("user request"), e.getMessage());
            assertTrue(seconds(started) < SAFETY_SECONDS / 2, "cancel took " + seconds(started) + " s");
            try (ResultSet rs = s.executeQuery("VALUES 5")) {
                assertTrue(rs.next(), "the connection carries on after a cancel");
                assertEquals(5, rs.getInt(1));
            }
            s.cancel(); // nothing running: a no-op, and the next statement is not hit by it
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertTrue(rs.next());
                assertEquals(300, rs.getInt(1));
            }
        }
    }

    @Test
    void cancelWorksOnEmbeddedConnectionsToo() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO t SELECT n FROM (VALUES " + values(300) + ") AS v(n)");
            s.setQueryTimeout((int) SAFETY_SECONDS);
            Future<?> running = threads.submit(() -> s.executeQuery(LONG_QUERY));
            assertEquals("57014", cancelUntilDone(s, running).getSQLState());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertTrue(rs.next());
                assertEquals(300, rs.getInt(1));
            }
        }
    }

    private static String values(int count) {
        StringBuilder sql = new StringBuilder();
        for (int n = 0; n < count; n++) {
            sql.append(n == 0 ? "" : ", ").append('(').append(n).append(')');
        }
        return sql.toString();
    }

    @Test
    void cancelInsideATransactionAbortsIt() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            Future<?> running = threads.submit(() -> s.executeQuery(LONG_QUERY));
            assertEquals("57014", cancelUntilDone(s, running).getSQLState());
            assertEquals("25P02", assertThrows(SQLException.class, () -> s.executeQuery("VALUES 1")).getSQLState());
            c.rollback();
            try (ResultSet rs = s.executeQuery("VALUES 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void queryTimeoutFailsTheStatementWithSqlTimeoutException() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long started = System.nanoTime();
            SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> s.executeQuery(LONG_QUERY));
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("timeout"), e.getMessage());
            assertTrue(seconds(started) < 15, "timed out after " + seconds(started) + " s");
        }
    }

    @Test
    void statementTimeoutIsASessionSettingAndAUrlProperty() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = '500ms'");
            try (ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                assertTrue(rs.next());
                assertEquals("500ms", rs.getString(1));
            }
            assertEquals("57014", assertThrows(SQLTimeoutException.class, () -> s.executeQuery(LONG_QUERY)).getSQLState());
            s.execute("SET statement_timeout TO DEFAULT");
            assertEquals("22023", assertThrows(SQLException.class, () -> s.execute("SET statement_timeout = soon")).getSQLState());
            assertEquals("42704", assertThrows(SQLException.class, () -> s.execute("SET no_such_setting = 1")).getSQLState());
        }
        try (Connection c = DriverManager.getConnection(server.url + "&statementTimeout=400"); Statement s = c.createStatement()) {
            assertEquals("57014", assertThrows(SQLTimeoutException.class, () -> s.executeQuery(LONG_QUERY)).getSQLState());
        }
    }

    @Test
    void networkTimeoutBoundsTheWaitAndClosesTheConnection() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = 5000"); // bounds the server's work after we give up
            c.setNetworkTimeout(threads, 300);
            assertEquals(300, c.getNetworkTimeout());
            long started = System.nanoTime();
            SQLNonTransientConnectionException e = assertThrows(SQLNonTransientConnectionException.class,
                    () -> s.executeQuery(LONG_QUERY));
            assertEquals("08006", e.getSQLState());
            assertTrue(seconds(started) < 5, "waited " + seconds(started) + " s");
        }
        // Long enough for the handshake's password hashing on a loaded machine, shorter than the query.
        try (Connection c = DriverManager.getConnection(server.url + "&socketTimeout=2000&statementTimeout=10000");
                Statement s = c.createStatement()) {
            assertEquals(2000, c.getNetworkTimeout());
            assertEquals("08006", assertThrows(SQLNonTransientConnectionException.class,
                    () -> s.executeQuery(LONG_QUERY)).getSQLState());
        }
    }

    @Test
    void abortClosesAtOnceAndIsValidPings() throws Exception {
        Connection c = server.connect();
        assertTrue(c.isValid(2));
        Statement s = c.createStatement();
        s.execute("SET statement_timeout = 10000");
        Future<?> running = threads.submit(() -> s.executeQuery(LONG_QUERY));
        Thread.sleep(300); // let it start; abort must work whether or not it has
        long started = System.nanoTime();
        c.abort(threads);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> running.get(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertEquals("08006", ((SQLException) failed.getCause()).getSQLState());
        assertTrue(seconds(started) < 5, "abort took " + seconds(started) + " s");
        assertTrue(c.isClosed());
        assertFalse(c.isValid(1));
        assertEquals("08003", assertThrows(SQLException.class, () -> s.executeQuery("VALUES 1")).getSQLState());
    }

    /** Cancels until the statement fails: a cancel that lands before it starts is dropped, as in PostgreSQL. */
    private static SQLException cancelUntilDone(Statement s, Future<?> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            s.cancel();
            try {
                running.get(200, TimeUnit.MILLISECONDS);
                throw new AssertionError("the statement finished instead of being cancelled");
            } catch (TimeoutException stillRunning) {
                continue;
            } catch (ExecutionException e) {
                return (SQLException) e.getCause();
            }
        }
        throw new AssertionError("not cancelled within " + SAFETY_SECONDS + " s");
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
