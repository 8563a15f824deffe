package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rpc.net.ClientTls;
import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.NodeServer;
import io.meridian.server.TlsCertMain;
import io.meridian.server.auth.UserStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A TLS-only node server with a certificate from {@code bin/meridian tls-cert}, and its clients. */
class TlsTest {
    @TempDir
    static Path dir;

    static NodeServer server;
    static Path cert;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path certs = dir.resolve("certs");
        assertEquals(0, new CommandLine(new TlsCertMain()).execute(certs.toString()));
        cert = certs.resolve("server.crt");
        server = NodeServer.start(dir.resolve("node"), new InetSocketAddress("127.0.0.1", 0),
                UserStore.openOrCreate(dir.resolve("node"), "secret"), FrameLimits.defaults(),
                ClientTls.serverContext(cert, certs.resolve("server.key")));
        port = server.address().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url(String host, String options) {
        return "jdbc:meridian://" + host + ":" + port + "/meridian?user=admin&password=secret" + options;
    }

    @Test
    void verifiedRoundTripOverTls() throws SQLException {
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            try (Connection c = DriverManager.getConnection(url(host, "&ssl=true&sslRootCert=" + cert));
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("VALUES 'over tls'")) {
                assertTrue(rs.next());
                assertEquals("over tls", rs.getString(1));
                s.cancel(); // the cancel request travels over its own TLS connection
            }
        }
        try (Connection c = DriverManager.getConnection(url("127.0.0.1", "&sslmode=require"))) {
            assertTrue(c.isValid(2), "sslmode=require encrypts without checking the certificate");
        }
    }

    @Test
    void untrustedOrMismatchedCertificatesAreRefused() throws Exception {
        SQLException untrusted = assertThrows(SQLNonTransientConnectionException.class,
                () -> DriverManager.getConnection(url("127.0.0.1", "&ssl=true")));
        assertEquals("08001", untrusted.getSQLState());
        assertTrue(untrusted.getMessage().contains("TLS handshake"), untrusted.getMessage());
        Path other = dir.resolve("other");
        assertEquals(0, new CommandLine(new TlsCertMain()).execute(other.toString(), "--host", "db.example"));
        try (NodeServer named = NodeServer.start(dir.resolve("named"), new InetSocketAddress("127.0.0.1", 0),
                UserStore.openOrCreate(dir.resolve("named"), "secret"), FrameLimits.defaults(),
                ClientTls.serverContext(other.resolve("server.crt"), other.resolve("server.key")))) {
            String base = "jdbc:meridian://localhost:" + named.address().getPort() + "/meridian?user=admin&password=secret"
                    + "&sslRootCert=" + other.resolve("server.crt");
            SQLException mismatch = assertThrows(SQLException.class, () -> DriverManager.getConnection(base + "&ssl=true"));
            assertEquals("08001", mismatch.getSQLState(), "localhost is not a name in a certificate for db.example");
            try (Connection c = DriverManager.getConnection(base + "&sslmode=verify-ca")) {
                assertTrue(c.isValid(2), "verify-ca checks the chain, not the host name");
            }
        }
    }

    @Test
    void plaintextClientGetsAClearErrorAndTheServerCarriesOn() throws SQLException {
        SQLException e = assertThrows(SQLNonTransientConnectionException.class,
                () -> DriverManager.getConnection(url("127.0.0.1", "")));
        assertTrue(e.getSQLState().startsWith("08"), e.getSQLState());
        assertTrue(e.getMessage().contains("requires TLS"), e.getMessage());
        try (Connection c = DriverManager.getConnection(url("127.0.0.1", "&ssl=true&sslRootCert=" + cert))) {
            assertTrue(c.isValid(2));
        }
    }

    @Test
    void tlsClientAgainstAPlaintextServerGetsAClearError() throws Exception {
        Path plainDir = dir.resolve("plain");
        try (NodeServer plain = NodeServer.start(plainDir, new InetSocketAddress("127.0.0.1", 0),
                UserStore.openOrCreate(plainDir, "secret"), FrameLimits.defaults())) {
            SQLException e = assertThrows(SQLNonTransientConnectionException.class, () -> DriverManager.getConnection(
                    "jdbc:meridian://127.0.0.1:" + plain.address().getPort() + "/meridian?user=admin&password=secret"
                            + "&ssl=true&sslRootCert=" + cert));
            assertEquals("08001", e.getSQLState());
            assertTrue(e.getMessage().contains("TLS"), e.getMessage());
        }
    }
}
