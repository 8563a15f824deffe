package io.meridian.sqllogictest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The runner judges records correctly against a real embedded database, failures included. */
class ScriptRunnerTest {
    private static FileResult run(String script) throws SQLException {
        return run(script, Deviations.NONE);
    }

    private static FileResult run(String script, Deviations deviations) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SuiteRunner.EMBEDDED_URL)) {
            return new ScriptRunner(connection, deviations).run("inline",
                    ScriptParser.parse("inline", List.of(script.split("\n", -1))));
        }
    }

    @Test
    void deviationsExcuseOnlyTheOutcomeTheyName() throws SQLException {
        Deviations deviations = Deviations.parse(List.of(
                "reason triggers = no triggers",
                "triggers | * | * | 0A000 | (?is)CREATE\\s+TRIGGER\\b.*",
                "reason answer = a different answer on purpose",
                "answer | inline | 7 | result | *",
                "answer | inline | 12 | result | *"));
        FileResult result = run("""
                statement ok
                CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END

                statement ok
                CREATE TABLE t(a INTEGER)

                query I nosort
                SELECT 1
                ----
                2

                query I nosort
                SELECT 1
                ----
                1

                query I nosort
                SELECT nope FROM t
                ----
                1
                """, deviations);
        assertEquals(List.of(1, 7), result.differences().stream().map(FileResult.Difference::line).toList());
        assertEquals(List.of("triggers", "answer"), result.differences().stream().map(FileResult.Difference::category).toList());
        assertEquals("no triggers", result.differences().get(0).reason());
        // Line 12 passed (nothing to excuse); line 17 failed with an error, not the excused result.
        assertEquals(2, result.passed());
        assertEquals(List.of(17), result.failures().stream().map(FileResult.Failure::line).toList());
        assertEquals(Map.of(), result.skippedBy());
    }

    @Test
    void standardDeviationsHaveReasons() {
        Deviations standard = Deviations.standard();
        assertEquals("triggers", standard.match("evidence/x.test", 1, "DROP TRIGGER t1r1", "0A000").orElseThrow());
        assertTrue(standard.reason("triggers").contains("no triggers"));
        assertTrue(standard.match("evidence/x.test", 1, "DROP TABLE t1", "0A000").isEmpty());
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
        assertEquals(Map.of("onlyif sqlite", 1, "skipif meridian", 1), result.skippedBy());
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
