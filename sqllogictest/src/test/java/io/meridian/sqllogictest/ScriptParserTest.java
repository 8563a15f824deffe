package io.meridian.sqllogictest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptParserTest {
    private static List<Record> parse(String script) {
        return ScriptParser.parse("test", List.of(script.split("\n", -1)));
    }

    @Test
    void statementsQueriesAndControlRecords() {
        List<Record> records = parse("""
                hash-threshold 8

                # a comment
                statement ok
                CREATE TABLE t1(a INTEGER,
                  b INTEGER)

                statement error
                SELECT nope

                query IT rowsort label-7
                SELECT a, b
                  FROM t1
                ----
                1
                (empty)

                query R
                SELECT 1.0
                ----
                30 values hashing to 3c13dee48d9356ae19af2515e05e6b54

                halt
                """);
        assertEquals(6, records.size());
        assertEquals(8, ((Record.HashThreshold) records.get(0)).threshold());
        Record.Statement create = (Record.Statement) records.get(1);
        assertEquals("CREATE TABLE t1(a INTEGER,\n  b INTEGER)", create.sql());
        assertFalse(create.expectError());
        assertEquals(4, create.line());
        assertTrue(((Record.Statement) records.get(2)).expectError());
        Record.Query query = (Record.Query) records.get(3);
        assertEquals("IT", query.types());
        assertEquals(Record.SortMode.ROWSORT, query.sort());
        assertEquals("label-7", query.label());
        assertEquals("SELECT a, b\n  FROM t1", query.sql());
        assertEquals(List.of("1", "(empty)"), query.expected());
        Record.Query hashed = (Record.Query) records.get(4);
        assertEquals(Record.SortMode.NOSORT, hashed.sort());
        assertNull(hashed.label());
        assertInstanceOf(Record.Halt.class, records.get(5));
    }

    @Test
    void guardsAttachToTheNextRecordOnly() {
        List<Record> records = parse("""
                skipif mysql # not compatible
                onlyif sqlite
                query I nosort
                SELECT 1 IN ()
                ----
                0

                statement ok
                SELECT 1
                """);
        Record.Query guarded = (Record.Query) records.get(0);
        assertEquals(List.of(new Record.Condition(false, "mysql"), new Record.Condition(true, "sqlite")), guarded.conditions());
        assertTrue(records.get(1).conditions().isEmpty());
    }

    @Test
    void guardsDecideWhatRunsOnMeridian() {
        assertTrue(new Record.Condition(false, "sqlite").allows(ScriptRunner.ENGINE));
        assertFalse(new Record.Condition(true, "sqlite").allows(ScriptRunner.ENGINE));
        assertTrue(new Record.Condition(true, "meridian").allows(ScriptRunner.ENGINE));
        assertFalse(new Record.Condition(false, "meridian").allows(ScriptRunner.ENGINE));
    }

    @Test
    void queryWithoutResultsAndEmptyResults() {
        List<Record> records = parse("""
                query I nosort
                SELECT 1 WHERE 1 = 0
                ----

                query T
                SELECT 'unchecked'
                """);
        assertEquals(List.of(), ((Record.Query) records.get(0)).expected());
        assertNull(((Record.Query) records.get(1)).expected());
    }

    @Test
    void malformedScriptsNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("\nstatement maybe\nSELECT 1\n"));
        assertTrue(e.getMessage().startsWith("test:2:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("query X\nSELECT 1\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("frobnicate\n"));
    }
}
