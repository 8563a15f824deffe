package io.meridian.sqllogictest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The runner judges records correctly against a real embedded database, failures included. */
class ScriptRunnerTest {
    private static FileResult run(String script) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SuiteRunner.EMBEDDED_URL)) {
            return new ScriptRunner(connection).run("inline", ScriptParser.parse("inline", List.of(script.split("\n", -1))));
        }
    }

    @Test
    void passesFailsAndSkips() throws SQLException {
        FileResult result = run("""
                hash-threshold 3

                statement ok
                CREATE TABLE t(a INTEGER, b VARCHAR(10))

                statement ok
                INSERT INTO t VALUES (10, 'x'), (9, ''), (NULL, 'z')

                query IT rowsort
                SELECT a, b FROM t
                ----
                10
                x
                9
                (empty)
                NULL
                z

                query I valuesort label-a
                SELECT a FROM t
                ----
                10
                9
                NULL

                query I nosort label-a
                SELECT a FROM t ORDER BY a DESC NULLS LAST
                ----
                10
                9
                NULL

                query IT nosort
                SELECT a, b FROM t ORDER BY b
                ----
                6 values hashing to WRONGWRONGWRONGWRONGWRONGWRONGWR

                statement error
                SELECT nope FROM t

                statement ok
                SELECT nope FROM t

                query I nosort
                SELECT 1
                ----
                2

                onlyif sqlite
                statement ok
                PRAGMA anything

                skipif meridian
                query I nosort
                SELECT 1
                ----
                3

                query II nosort
                SELECT 1
                ----
                1

                halt

                statement ok
                NOT EVEN SQL
                """);
        // The hash line above is not a hash (not hex), so it is compared as a value and fails.
        assertEquals(List.of(33, 41, 44, 59), result.failures().stream().map(FileResult.Failure::line).toList());
        assertEquals(6, result.passed());
        assertEquals(4, result.failed());
        assertEquals(2, result.skipped());
        assertEquals("error 42703: column \"_\" does not exist", result.failures().get(1).failureClass());
        assertEquals("wrong column count", result.failures().get(3).failureClass());
    }

    @Test
    void hashesAndLabelsAreChecked() throws SQLException {
        String values = "1\n2\n3\n";
        String hash = ResultHasher.md5(List.of("1", "2", "3"));
        FileResult result = run("""
                statement ok
                CREATE TABLE t(a INTEGER)

                statement ok
                INSERT INTO t VALUES (3), (1), (2)

                query I rowsort label-1
                SELECT a FROM t
                ----
                3 values hashing to %s

                query I rowsort label-1
                SELECT a + 1 FROM t
                """.formatted(hash));
        assertEquals(3, result.passed(), values);
        assertEquals(List.of("label mismatch"),
                result.failures().stream().map(FileResult.Failure::failureClass).collect(Collectors.toList()));
    }
}
