package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Handshake;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepared statement metadata, read-only sessions, isolation, client info and handshake refusals. */
class ConnectionFeaturesTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir);
        try (Connection c = server.connect()) {
            c.createStatement().execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL,"
                    + " score DOUBLE, born DATE)");
            c.createStatement().execute("INSERT INTO people VALUES (1, 'ada', 9.5, DATE '1815-12-10')");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void parameterAndResultMetadataBeforeExecution() throws SQLException {
        try (Connection c = server.connect();
                PreparedStatement p = c.prepareStatement("SELECT id, name AS who, born FROM people WHERE id = ? AND score > ?")) {
            ParameterMetaData params = p.getParameterMetaData();
            assertEquals(2, params.getParameterCount());
            assertEquals(Types.INTEGER, params.getParameterType(1));
            assertEquals(Types.DOUBLE, params.getParameterType(2));
            assertEquals(ParameterMetaData.parameterModeIn, params.getParameterMode(1));
            ResultSetMetaData columns = p.getMetaData();
            assertEquals(3, columns.getColumnCount());
            assertEquals("WHO", columns.getColumnLabel(2).toUpperCase());
            assertEquals(Types.DATE, columns.getColumnType(3));
            p.setInt(1, 1);
            p.setDouble(2, 1.0);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("ada", rs.getString(2));
            }
        }
        try (Connection c = server.connect();
                PreparedStatement insert = c.prepareStatement("INSERT INTO people (id, name, score) VALUES (?, ?, ?)");
                PreparedStatement update = c.prepareStatement("UPDATE people SET name = ? WHERE score < ? AND id = ?");
                PreparedStatement delete = c.prepareStatement("DELETE FROM people WHERE born = ?")) {
            assertEquals(3, insert.getParameterMetaData().getParameterCount());
            assertEquals(Types.VARCHAR, insert.getParameterMetaData().getParameterType(2));
            assertNull(insert.getMetaData(), "an INSERT returns no rows");
            ParameterMetaData u = update.getParameterMetaData();
            assertEquals(3, u.getParameterCount());
            assertEquals(Types.VARCHAR, u.getParameterType(1));
            assertEquals(Types.DOUBLE, u.getParameterType(2));
            assertEquals(Types.INTEGER, u.getParameterType(3));
            assertEquals(Types.DATE, delete.getParameterMetaData().getParameterType(1));
        }
        try (Connection c = server.connect(); PreparedStatement bad = c.prepareStatement("SELECT nope FROM people WHERE id = ?")) {
            SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class, bad::getParameterMetaData);
            assertEquals("42703", e.getSQLState());
            assertTrue(e.getMessage().toLowerCase().contains("nope"), e.getMessage());
        }
    }

    @Test
    void readOnlyConnectionsRefuseWrites() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            c.setReadOnly(true);
            assertTrue(c.isReadOnly());
            SQLException refused = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO people (id, name) VALUES (2, 'bob')"));
            assertEquals("25006", refused.getSQLState());
            assertEquals("25006", assertThrows(SQLException.class, () -> s.execute("CREATE TABLE nope (x INTEGER)")).getSQLState());
            assertEquals("25006", assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM people")).getSQLState());
            try (ResultSet rs = s.executeQuery("SHOW transaction_read_only")) {
                assertTrue(rs.next());
                assertEquals("on", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM people")) {
                assertTrue(rs.next(), "reads still work");
            }
            c.setReadOnly(false);
            assertEquals(1, s.executeUpdate("UPDATE people SET score = 10 WHERE id = 1"));
        }
    }

    @Test
    void clientInfoIsKeptPerConnection() throws SQLException {
        try (Connection c = server.connect()) {
            c.setClientInfo("ApplicationName", "billing");
            assertEquals("billing", c.getClientInfo("ApplicationName"));
            assertEquals("billing", c.getClientInfo().getProperty("ApplicationName"));
            SQLClientInfoException e = assertThrows(SQLClientInfoException.class, () -> c.setClientInfo("Colour", "blue"));
            assertTrue(e.getFailedProperties().containsKey("Colour"));
            Properties replace = new Properties();
            replace.setProperty("ClientUser", "ops");
            c.setClientInfo(replace);
            assertNull(c.getClientInfo("ApplicationName"));
            assertEquals("ops", c.getClientInfo("ClientUser"));
        }
    }

    @Test
    void wrongPasswordUnknownUserAndProtocolMismatchAreClearErrors() throws Exception {
        String base = "jdbc:meridian://127.0.0.1:" + server.port() + "/meridian";
        SQLException badPassword = assertThrows(SQLInvalidAuthorizationSpecException.class,
                () -> DriverManager.getConnection(base + "?user=admin&password=wrong"));
        assertEquals("28P01", badPassword.getSQLState());
        SQLException unknownUser = assertThrows(SQLInvalidAuthorizationSpecException.class,
                () -> DriverManager.getConnection(base + "?user=mallory&password=secret"));
        assertEquals("28P01", unknownUser.getSQLState());
        assertTrue(unknownUser.getMessage().contains("mallory"), unknownUser.getMessage());
        ClientResponse mismatch = handshakeWithVersion(99);
        assertEquals("08004", mismatch.getError().getSqlState());
        assertTrue(mismatch.getError().getMessage().contains("protocol version 99"), mismatch.getError().getMessage());
        try (Connection c = server.connect()) {
            assertTrue(c.isValid(2), "the server carries on");
        }
    }

    private static ClientResponse handshakeWithVersion(int version) throws Exception {
        byte[] hello = ClientRequest.newBuilder().setRequestId(1).setHandshake(Handshake.newBuilder()
                .setProtocolVersion(version).setUser("admin").setPassword("secret")).build().toByteArray();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(hello.length);
            out.write(hello);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            ClientResponse response = ClientResponse.parseFrom(frame);
            assertFalse(response.hasHandshakeOk());
            return response;
        }
    }
}
