package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlEngine;
import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serializability with narrowed scans: a transaction that read a key range, an index range or
 * one key keeps other transactions from writing inside what it read (no phantoms), and only there.
 */
class PushdownLockingTest {
    private SqlSession reader;
    private SqlSession writer;

    @BeforeEach
    void setUp() throws Exception {
        SqlEngine engine = new TestDatabase(100).engine;
        reader = engine.openSession();
        writer = engine.openSession();
        run(reader, "CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER)");
        run(reader, "CREATE INDEX t_b ON t (b)");
        run(reader, "INSERT INTO t VALUES (1, 1), (10, 2), (20, 3), (30, 4)");
        run(reader, "BEGIN");
    }

    @AfterEach
    void tearDown() {
        reader.close();
        writer.close();
    }

    @Test
    void insertIntoAScannedKeyRangeWaitsAndAborts() throws Exception {
        assertTrue(TestDatabase.explain(reader, "SELECT id FROM t WHERE id BETWEEN 5 AND 25").contains("range=[/T/ID=[5..25]]"));
        assertEquals(List.of("[10]", "[20]"), rows(reader, "SELECT id FROM t WHERE id BETWEEN 5 AND 25 ORDER BY id"));
        SqlStateException phantom = assertThrows(SqlStateException.class, () -> run(writer, "INSERT INTO t VALUES (15, 9)"));
        assertTrue(phantom.sqlState().startsWith("40"), phantom.sqlState() + " " + phantom.getMessage());
        // Outside the range the table is not locked.
        run(writer, "INSERT INTO t VALUES (40, 9)");
        assertEquals(List.of("[10]", "[20]"), rows(reader, "SELECT id FROM t WHERE id BETWEEN 5 AND 25 ORDER BY id"));
        run(reader, "COMMIT");
        run(writer, "INSERT INTO t VALUES (15, 9)");
        assertEquals(List.of("[10]", "[15]", "[20]"), rows(reader, "SELECT id FROM t WHERE id BETWEEN 5 AND 25 ORDER BY id"));
    }

    @Test
    void insertMatchingAnIndexScanWaitsAndAborts() throws Exception {
        assertTrue(TestDatabase.explain(reader, "SELECT id FROM t WHERE b = 3").contains("index=[T_B"));
        assertEquals(List.of("[20]"), rows(reader, "SELECT id FROM t WHERE b = 3"));
        SqlStateException phantom = assertThrows(SqlStateException.class, () -> run(writer, "INSERT INTO t VALUES (25, 3)"));
        assertTrue(phantom.sqlState().startsWith("40"), phantom.sqlState() + " " + phantom.getMessage());
        run(writer, "INSERT INTO t VALUES (26, 4)");
        run(reader, "COMMIT");
    }

    @Test
    void pointLookupLocksOnlyItsKey() throws Exception {
        assertEquals(List.of("[2]"), rows(reader, "SELECT b FROM t WHERE id = 10"));
        SqlStateException conflict = assertThrows(SqlStateException.class, () -> run(writer, "UPDATE t SET b = 7 WHERE id = 10"));
        assertTrue(conflict.sqlState().startsWith("40"), conflict.sqlState() + " " + conflict.getMessage());
        assertEquals(1, run(writer, "UPDATE t SET b = 7 WHERE id = 20").updateCount());
        run(reader, "COMMIT");
    }
}
