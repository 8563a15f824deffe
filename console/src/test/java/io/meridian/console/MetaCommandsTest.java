package io.meridian.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** \d, \d name and EXPLAIN as the console prints them, against an embedded database. */
class MetaCommandsTest {
    @TempDir
    static Path dir;

    static Connection connection;

    @BeforeAll
    static void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:meridian:embedded:" + dir);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE accounts (id BIGINT NOT NULL, region VARCHAR(8) NOT NULL, owner VARCHAR(40),"
                    + " balance DECIMAL(12, 2) DEFAULT 0 NOT NULL, PRIMARY KEY (region, id))");
            s.execute("CREATE UNIQUE INDEX accounts_owner ON accounts (owner)");
            s.execute("CREATE INDEX accounts_balance ON accounts (region, balance DESC)");
            s.execute("CREATE TABLE \"Notes\" (body TEXT)");
            s.execute("CREATE VIEW rich AS SELECT owner, balance FROM accounts WHERE balance > 1000");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    private static List<String> run(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        MetaCommands.Outcome outcome = new MetaCommands(connection, out).handle(command);
        assertEquals(command.contains("missing") || command.equals("\\d notes") || command.startsWith("\\x")
                ? MetaCommands.Outcome.FAILED
                : MetaCommands.Outcome.CONTINUE, outcome, command);
        return lines(bytes);
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        // Trailing blanks (after an empty last cell) are not part of what a reader sees.
        return Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n")).map(String::stripTrailing).toList();
    }

    @Test
    void listsTablesAndViews() {
        assertEquals(List.of(
                "Schema   | Name     | Type",
                "---------+----------+------",
                "MERIDIAN | ACCOUNTS | table",
                "MERIDIAN | Notes    | table",
                "MERIDIAN | RICH     | view",
                "(3 relations)"), run("\\d"));
        assertTrue(run("\\dS").contains("INFORMATION_SCHEMA | COLUMNS           | system view"));
    }

    @Test
    void describesATableWithKeysAndIndexes() {
        assertEquals(List.of(
                "Table \"MERIDIAN.ACCOUNTS\"",
                "Column  | Type           | Nullable | Default",
                "--------+----------------+----------+--------",
                "ID      | BIGINT         | not null |",
                "REGION  | VARCHAR(8)     | not null |",
                "OWNER   | VARCHAR(40)    |          |",
                "BALANCE | DECIMAL(12, 2) | not null | 0",
                "Primary key: ACCOUNTS_PKEY (REGION, ID)",
                "Indexes:",
                "    ACCOUNTS_BALANCE (REGION, BALANCE DESC)",
                "    ACCOUNTS_OWNER UNIQUE (OWNER)"), run("\\d accounts"));
    }

    @Test
    void namesFoldLikeSqlAndViewsShowTheirQuery() {
        assertEquals("Did not find any table or view named \"MERIDIAN.MISSING\".", run("\\d missing").get(0));
        assertTrue(run("\\d notes").get(0).startsWith("Did not find"), "unquoted names fold to upper case");
        assertEquals(List.of("Table \"MERIDIAN.Notes\"", "Column | Type    | Nullable | Default",
                "-------+---------+----------+--------", "BODY   | VARCHAR |          |",
                "Primary key: none (rows are keyed by a hidden row id)"), run("\\d \"Notes\""));
        List<String> view = run("\\d rich;");
        assertEquals("View \"MERIDIAN.RICH\"", view.get(0));
        assertEquals("Query: SELECT owner, balance FROM accounts WHERE balance > 1000", view.get(view.size() - 1));
        assertTrue(run("\\d information_schema.tables").contains("TABLE_TYPE    | VARCHAR | not null |"));
        assertTrue(run("\\x").get(0).startsWith("unknown command \\x"));
    }

    @Test
    void explainPrintsOnePlanLinePerLine() throws SQLException {
        String query = "SELECT owner FROM accounts WHERE region = 'eu' ORDER BY balance";
        List<String> planLines = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + query)) {
            while (rs.next()) {
                planLines.addAll(Arrays.asList(rs.getString(1).stripTrailing().split("\n")));
            }
        }
        assertTrue(planLines.size() >= 2, "a plan of several operators: " + planLines);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(new StatementRunner(connection, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run("EXPLAIN PLAN FOR " + query));
        List<String> printed = lines(bytes);
        // Header, rule, then each operator on its own line, then the row count.
        assertEquals(planLines.size() + 3, printed.size(), String.join("\n", printed));
        for (int i = 0; i < planLines.size(); i++) {
            assertEquals(planLines.get(i).stripTrailing(), printed.get(i + 2).stripTrailing());
        }
        assertTrue(printed.get(printed.size() - 1).startsWith("(1 row, "));
    }

    @Test
    void errorsPrintOneLineWithTheirSqlState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertFalse(new StatementRunner(connection, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run("SELECT nope FROM accounts"));
        List<String> printed = lines(bytes);
        assertEquals(1, printed.size(), printed.toString());
        assertTrue(printed.get(0).startsWith("ERROR [42703]: "), printed.get(0));
    }
}
