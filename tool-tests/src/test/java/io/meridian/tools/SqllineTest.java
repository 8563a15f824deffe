package io.meridian.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.NodeServer;
import io.meridian.server.auth.UserStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/** sqlline, a generic JDBC console, runs a script through the Meridian driver against a node server. */
class SqllineTest {
    @TempDir
    Path dir;

    @Test
    void scriptWithMetadataCommandsOverTheNetwork() throws Exception {
        Path data = dir.resolve("node");
        try (NodeServer server = NodeServer.start(data, new InetSocketAddress("127.0.0.1", 0),
                UserStore.openOrCreate(data, "secret"), new FrameLimits(1024 * 1024, 60))) {
            String url = "jdbc:meridian://127.0.0.1:" + server.address().getPort() + "/meridian";
            Run run = sqlline(url, script("/sqlline/script.sql"));
            assertEquals(SqlLine.Status.OK, run.status(), run.errors());
            // The query's rows, the statements' counts, then each metadata command's table.
            assertContains(run.output(), "| Lima  | 9750000    |", "| Perth | 2190000    |");
            assertContains(run.errors(), "3 rows affected", "2 rows selected", "10/10        !dbinfo");
            assertContains(run.output(), "| 3 |");
            assertContains(run.output(), "| MERIDIAN           | CITIES            | TABLE        |",
                    "| INFORMATION_SCHEMA | COLUMNS           | SYSTEM TABLE |");
            assertContains(run.output(), "| MERIDIAN    | CITIES     | NAME        | 12        | VARCHAR   | 40          |",
                    "| MERIDIAN    | CITIES     | POPULATION  | -5        | BIGINT    | 19          |");
            assertContains(run.output(), "| MERIDIAN    | CITIES     | ID          | 1       | CITIES_PKEY |");
            assertContains(run.output(), "| true       |                 | CITIES_BY_NAME | 3    | 1                | NAME ");
            assertContains(run.output(), "getDatabaseProductName                            Meridian",
                    "getDriverName                                     Meridian JDBC driver",
                    "supportsTransactions                              true");
        }
    }

    @Test
    void aFailingStatementStopsTheScriptWithAnErrorStatus() throws Exception {
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, "CREATE TABLE t (k INT PRIMARY KEY);\nSELECT nope FROM t;\nSELECT 1;\n");
        Run run = sqlline("jdbc:meridian:embedded:" + dir.resolve("db"), script);
        assertEquals(SqlLine.Status.OTHER, run.status(), run.output());
        assertContains(run.errors(), "NOPE");
        assertTrue(!run.errors().contains("3/3"), "sqlline stops at the first error: " + run.errors());
    }

    private record Run(SqlLine.Status status, String output, String errors) {
    }

    private static Run sqlline(String url, Path script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SqlLine sqlline = new SqlLine();
        sqlline.setOutputStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        sqlline.setErrorStream(new PrintStream(err, true, StandardCharsets.UTF_8));
        SqlLine.Status status = sqlline.begin(new String[] {"-d", "io.meridian.jdbc.MeridianDriver", "-u", url,
                "-n", "admin", "-p", "secret", "--run=" + script, "--maxWidth=300"}, null, false);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path script(String resource) throws Exception {
        Path script = dir.resolve("script.sql");
        try (InputStream in = SqllineTest.class.getResourceAsStream(resource)) {
            Files.copy(in, script);
        }
        return script;
    }

    private static void assertContains(String text, String... expected) {
        for (String e : expected) {
            assertTrue(text.contains(e), "expected <" + e + "> in:\n" + text);
        }
    }
}
