package io.meridian.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `meridian sql -e` / `-f`: statements and backslash commands, and the exit status. */
class ScriptModeTest {
    @TempDir
    Path dir;

    private record Run(int status, String output) {
    }

    private Run sql(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 3];
            all[0] = "sql";
            all[1] = "--data";
            all[2] = dir.resolve("db").toString();
            System.arraycopy(args, 0, all, 3, args.length);
            int status = new CommandLine(new Main()).execute(all);
            return new Run(status, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void scriptsMixStatementsAndDescribeCommands() throws Exception {
        Path script = dir.resolve("setup.sql");
        Files.writeString(script, """
                CREATE TABLE items (id INT PRIMARY KEY,
                                    name VARCHAR(20) NOT NULL);
                INSERT INTO items VALUES (1, 'pen'), (2, 'ink');
                \\d items
                SELECT name FROM items ORDER BY id
                """);
        Run run = sql("-f", script.toString());
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("Table \"MERIDIAN.ITEMS\""), run.output());
        assertTrue(run.output().contains("NAME   | VARCHAR(20) | not null |"), run.output());
        assertTrue(run.output().contains("Primary key: ITEMS_PKEY (ID)"), run.output());
        assertTrue(run.output().contains("pen\nink\n(2 rows, "), "the last statement runs without ';': " + run.output());
    }

    @Test
    void aFailedStatementOrCommandGivesExitStatusOne() {
        assertEquals(1, sql("-e", "SELECT * FROM nowhere").status());
        Run run = sql("-e", "\\d nowhere");
        assertEquals(1, run.status());
        assertTrue(run.output().startsWith("Did not find any table or view named \"MERIDIAN.NOWHERE\"."), run.output());
    }
}
