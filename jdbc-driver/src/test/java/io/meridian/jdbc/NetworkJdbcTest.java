package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.NodeServer;
import io.meridian.server.auth.UserStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The driver over the real client protocol: a node server on loopback, frames on a socket. */
class NetworkJdbcTest {
    @TempDir
    static Path dir;

    /** A network timeout long enough never to be what ends a call that this class expects to fail at once. */
    static final int SAFETY_TIMEOUT_MILLIS = 30_000;
    /** A closed server's connections fail well within this, even on a loaded machine. */
    static final long BREAK_MILLIS_MAX = 5_000;

    static NodeServer server;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        server = NodeServer.start(dir, new InetSocketAddress("127.0.0.1", 0), UserStore.openOrCreate(dir, "secret"),
                new FrameLimits(1024 * 1024, 60));
        url = "jdbc:meridian://127.0.0.1:" + server.address().getPort() + "/meridian?user=admin&password=secret";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void statementsAndBatchedResultsOverTheNetwork() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nums (n INTEGER PRIMARY KEY, square BIGINT)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO nums VALUES (?, ?)")) {
                for (int n = 0; n < 2_500; n++) {
                    p.setInt(1, n);
                    p.setLong(2, (long) n * n);
                    p.addBatch();
                }
                assertEquals(2_500, p.executeBatch().length);
            }
            c.commit();
            c.setAutoCommit(true);
            s.setFetchSize(100);
            long sum = 0;
            int rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT n, square FROM nums ORDER BY n")) {
                while (rs.next()) {
                    assertEquals((long) rows * rows, rs.getLong(2));
                    sum += rs.getInt(1);
                    rows++;
                }
            }
            assertEquals(2_500, rows, "all 25 batches arrived");
            assertEquals(2_499L * 2_500 / 2, sum);
            try (ResultSet rs = s.executeQuery("SELECT n FROM nums ORDER BY n")) {
                assertTrue(rs.next());
                // Closing early releases the server-side cursor; the connection stays usable.
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nums")) {
                assertTrue(rs.next());
                assertEquals(2_500, rs.getInt(1));
            }
        }
    }

    @Test
    void currentUserIsTheUserTheConnectionLoggedInAs() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CURRENT_USER, SESSION_USER, USER")) {
            assertTrue(rs.next());
            assertEquals("admin", rs.getString(1));
            assertEquals("admin", rs.getString(2));
            assertEquals("admin", rs.getString(3));
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        String bad = url.replace("password=secret", "password=nope");
        SQLException e = assertThrows(SQLInvalidAuthorizationSpecException.class, () -> DriverManager.getConnection(bad));
        assertEquals("28P01", e.getSQLState());
    }

    @Test
    void firstReachableHostIsUsed() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String multi = url.replace("127.0.0.1:" + server.address().getPort(),
                "127.0.0.1:" + closedPort + ",127.0.0.1:" + server.address().getPort());
        try (Connection c = DriverManager.getConnection(multi); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("VALUES 1")) {
            assertTrue(rs.next());
        }
    }

    @Test
    void brokenConnectionReconnectsOnlyOutsideTransactions() throws Exception {
        Path other = dir.resolve("other");
        NodeServer first = NodeServer.start(other, new InetSocketAddress("127.0.0.1", 0), UserStore.openOrCreate(other, "secret"),
                FrameLimits.defaults());
        String failover = "jdbc:meridian://127.0.0.1:" + first.address().getPort() + ",127.0.0.1:" + server.address().getPort()
                + "/meridian?user=admin&password=secret";
        try (Connection c = DriverManager.getConnection(failover); Connection inTxn = DriverManager.getConnection(failover)) {
            inTxn.setAutoCommit(false);
            // Only so that a regression fails instead of hanging the build: the close must reach
            // both connections long before this (asserted below), never by way of this timeout.
            c.setNetworkTimeout(Runnable::run, SAFETY_TIMEOUT_MILLIS);
            inTxn.setNetworkTimeout(Runnable::run, SAFETY_TIMEOUT_MILLIS);
            try (Statement s = inTxn.createStatement(); ResultSet rs = s.executeQuery("VALUES 1")) {
                assertTrue(rs.next());
            }
            first.close();
            try (Statement s = c.createStatement()) {
                assertPromptBreak(() -> s.executeQuery("VALUES 1"), "the statement in flight fails: it may or may not have run");
                try (ResultSet rs = s.executeQuery("VALUES 7")) {
                    assertTrue(rs.next(), "the next statement runs on the second host");
                    assertEquals(7, rs.getInt(1));
                }
            }
            try (Statement s = inTxn.createStatement()) {
                assertPromptBreak(() -> s.executeQuery("VALUES 1"), "the server closed the transaction's connection");
                assertEquals("08003", assertThrows(SQLException.class, () -> s.executeQuery("VALUES 1")).getSQLState(),
                        "a transaction's connection is never silently replaced");
            }
        } finally {
            first.close();
        }
    }

    /** Fails with 08006 (connection failure) within a few seconds: the client heard the server close. */
    private static void assertPromptBreak(Executable call, String why) {
        long started = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, call, why);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals("08006", e.getSQLState(), why + ": " + e.getMessage());
        assertTrue(millis < BREAK_MILLIS_MAX, why + ": the failure took " + millis + " ms (" + e.getMessage() + ")");
    }

    @Test
    void malformedFrameClosesOnlyThatConnection() throws Exception {
        try (Connection healthy = DriverManager.getConnection(url)) {
            ClientResponse garbage = sendRaw(new byte[] {0, 0, 0, 5, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2});
            assertEquals("08P01", garbage.getError().getSqlState());
            ClientResponse huge = sendRaw(new byte[] {0x10, 0, 0, 0});
            assertEquals("08P01", huge.getError().getSqlState());
            assertTrue(huge.getError().getMessage().contains("frame"), huge.getError().getMessage());
            try (Statement s = healthy.createStatement(); ResultSet rs = s.executeQuery("VALUES 42")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }

    /** Writes raw bytes, reads back one response frame, and checks the server then closed the socket. */
    private static ClientResponse sendRaw(byte[] bytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            assertThrows(EOFException.class, in::readInt, "server must close the connection");
            return ClientResponse.parseFrom(frame);
        }
    }
}
