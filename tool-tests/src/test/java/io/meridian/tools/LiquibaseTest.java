package io.meridian.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.NodeServer;
import io.meridian.server.auth.UserStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase, which knows nothing of Meridian, applies a changelog of two changesets through the
 * driver over the network using its generic database support; a second update changes nothing.
 */
class LiquibaseTest {
    @TempDir
    Path dir;

    @Test
    void changelogAppliesOnceAndItsEffectsAreVisible() throws Exception {
        Path data = dir.resolve("node");
        try (NodeServer server = NodeServer.start(data, new InetSocketAddress("127.0.0.1", 0),
                UserStore.openOrCreate(data, "secret"), new FrameLimits(1024 * 1024, 60))) {
            String url = "jdbc:meridian://127.0.0.1:" + server.address().getPort() + "/meridian?user=admin&password=secret";
            update(url);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                assertEquals(List.of("1-create-customers|1|EXECUTED", "2-seed-and-index|2|EXECUTED"),
                        rows(s.executeQuery("SELECT id, orderexecuted, exectype FROM databasechangelog ORDER BY orderexecuted")));
                assertEquals(List.of("1|ada@example.com|true|12.50", "2|grace@example.com|false|null"),
                        rows(s.executeQuery("SELECT id, email, verified, credit FROM customers ORDER BY id")));
                assertEquals(List.of("CUSTOMERS_EMAIL|true|EMAIL"), rows(s.executeQuery("SELECT index_name, is_unique,"
                        + " column_name FROM information_schema.indexes WHERE index_type = 'INDEX'")));
                assertEquals(List.of("ID|INTEGER|NO", "EMAIL|VARCHAR(255)|NO", "VERIFIED|BOOLEAN|YES",
                        "JOINED|TIMESTAMP|YES", "CREDIT|DECIMAL(10, 2)|YES"), rows(s.executeQuery(
                        "SELECT column_name, column_type, is_nullable FROM information_schema.columns"
                                + " WHERE table_name = 'CUSTOMERS' ORDER BY ordinal_position")));
            }
            update(url);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                assertEquals(List.of("2"), rows(s.executeQuery("SELECT COUNT(*) FROM databasechangelog")));
                assertEquals(List.of("2"), rows(s.executeQuery("SELECT COUNT(*) FROM customers")));
                assertEquals(List.of("false"), rows(s.executeQuery("SELECT locked FROM databasechangeloglock")));
            }
        }
    }

    private static void update(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            // Liquibase asks an unknown database for its schema with "call current_schema"; Meridian has
            // no CALL, so the schema is named, as Liquibase's --default-schema-name does.
            database.setDefaultSchemaName("MERIDIAN");
            Liquibase liquibase = new Liquibase("liquibase/changelog.xml", new ClassLoaderResourceAccessor(), database);
            liquibase.update("");
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= width; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
