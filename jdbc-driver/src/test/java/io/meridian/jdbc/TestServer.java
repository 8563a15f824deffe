package io.meridian.jdbc;

import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.NodeServer;
import io.meridian.server.auth.UserStore;
import io.meridian.server.session.SessionRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A node server on a loopback port for one test class, with user admin / secret. */
final class TestServer implements AutoCloseable {
    final NodeServer server;
    final String url;

    TestServer(Path dir) throws Exception {
        this(dir, SessionRegistry.CURSOR_IDLE_MILLIS_MAX);
    }

    TestServer(Path dir, long cursorIdleMillisMax) throws Exception {
        server = NodeServer.start(dir, new InetSocketAddress("127.0.0.1", 0), UserStore.openOrCreate(dir, "secret"),
                new FrameLimits(1024 * 1024, 60), null, cursorIdleMillisMax);
        url = "jdbc:meridian://127.0.0.1:" + server.address().getPort() + "/meridian?user=admin&password=secret";
    }

    int port() {
        return server.address().getPort();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Creates {@code name (n INTEGER PRIMARY KEY, label VARCHAR(20))} with rows 0..rows-1, in one transaction. */
    void createNumbers(String name, int rows) throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE TABLE " + name + " (n INTEGER PRIMARY KEY, label VARCHAR(20))");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + name + " VALUES (?, ?)")) {
                for (int n = 0; n < rows; n++) {
                    p.setInt(1, n);
                    p.setString(2, "row " + n);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
