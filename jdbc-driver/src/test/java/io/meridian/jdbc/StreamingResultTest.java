package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.ResultMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results stream from the plan in fetch-size batches, produced only when the client fetches. */
class StreamingResultTest {
    static final int FETCH_ROWS = 1_000;

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir);
        server.createNumbers("a", 400);
        server.createNumbers("b", 500);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoHundredThousandRowsStreamWithBoundedServerMemory() throws SQLException {
        ResultMetrics metrics = server.server.resultMetrics();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_ROWS);
            long readBefore = metrics.rowsRead();
            long rows = 0;
            long sum = 0;
            try (ResultSet rs = s.executeQuery("SELECT a.n, b.n FROM a, b")) {
                while (rs.next()) {
                    sum += rs.getInt(1) * 1_000L + rs.getInt(2);
                    rows++;
                    if (rows == 100_000) {
                        long produced = metrics.rowsRead() - readBefore;
                        // The server has read what was sent plus one batch and one row of look-ahead at most.
                        assertTrue(produced <= rows + FETCH_ROWS + 1, "server read " + produced + " rows ahead of "
                                + rows + " consumed: not streaming");
                    }
                }
            }
            assertEquals(200_000, rows);
            assertEquals(500L * (399L * 400 / 2) * 1_000 + 400L * (499L * 500 / 2), sum);
            assertEquals(200_000, metrics.rowsRead() - readBefore, "every row read once");
            assertTrue(metrics.rowsHeldPerCursorMax() <= FETCH_ROWS + 1,
                    "a cursor held " + metrics.rowsHeldPerCursorMax() + " rows at once");
        }
    }

    @Test
    void anOpenResultIsBufferedWhenTheConnectionRunsAnotherStatement() throws SQLException {
        try (Connection c = server.connect(); Statement reader = c.createStatement(); Statement writer = c.createStatement()) {
            writer.execute("CREATE TABLE buffered (n INTEGER PRIMARY KEY, v INTEGER)");
            writer.execute("INSERT INTO buffered SELECT n, 1 FROM a");
            reader.setFetchSize(10);
            int rows = 0;
            long sum = 0;
            try (ResultSet rs = reader.executeQuery("SELECT n, v FROM buffered")) {
                for (; rows < 5 && rs.next(); rows++) {
                    sum += rs.getInt(2);
                }
                // The autocommit read ends (its remaining rows buffered) before the update runs.
                assertEquals(400, writer.executeUpdate("UPDATE buffered SET v = 2"));
                while (rs.next()) {
                    sum += rs.getInt(2);
                    rows++;
                }
            }
            assertEquals(400, rows);
            assertEquals(400, sum, "the open result shows the rows as they were before the update");
        }
    }

    @Test
    void closingAPartlyReadResultReleasesItsLocks() throws Exception {
        try (Connection c = server.connect(); Connection other = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE released (n INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO released SELECT n FROM a");
            s.setFetchSize(10);
            try (ResultSet rs = s.executeQuery("SELECT n FROM released")) {
                assertTrue(rs.next());
            }
            try (Statement w = other.createStatement()) {
                w.setQueryTimeout(5);
                assertEquals(400, w.executeUpdate("DELETE FROM released"), "no lock left behind by the closed result");
            }
        }
    }

    @Test
    void anAutocommitResultLeftUnreadIsClosedSoItsLocksGo() throws Exception {
        try (TestServer strict = new TestServer(dir.resolve("strict"), 300);
                Connection c = strict.connect(); Connection writer = strict.connect(); Statement s = c.createStatement()) {
            strict.createNumbers("idle", 100);
            s.setFetchSize(10);
            ResultSet rs = s.executeQuery("SELECT n FROM idle");
            assertTrue(rs.next());
            long waitUntil = System.nanoTime() + 10_000_000_000L;
            // The reaper looks every 75 ms here; until it closes the result, the delete waits for its locks.
            boolean deleted = false;
            while (!deleted && System.nanoTime() < waitUntil) {
                deleted = tryDelete(writer);
            }
            assertTrue(deleted, "the writer never got the locks");
            SQLException closed = assertThrows(SQLException.class, () -> {
                while (rs.next()) {
                    continue;
                }
            });
            assertEquals("25P03", closed.getSQLState(), closed.getMessage());
            try (ResultSet count = s.executeQuery("SELECT COUNT(*) FROM idle")) {
                assertTrue(count.next());
                assertEquals(0, count.getInt(1), "the writer's delete went through once the idle result was closed");
            }
        }
    }

    private static boolean tryDelete(Connection writer) {
        try (Statement w = writer.createStatement()) {
            w.setQueryTimeout(1);
            w.executeUpdate("DELETE FROM idle");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void maxRowsStopsTheCursor() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.setMaxRows(7);
            s.setFetchSize(3);
            int rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT n FROM a")) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertEquals(7, rows);
            s.setMaxRows(0);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM a")) {
                assertTrue(rs.next());
                assertEquals(400, rs.getInt(1));
                assertFalse(rs.next());
            }
        }
    }
}
