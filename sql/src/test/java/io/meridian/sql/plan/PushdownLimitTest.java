package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.explain;
import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LIMIT in the scan: EXPLAIN shows it, the scan stops after offset + limit rows (through a filter
 * it applies itself), and the transaction locks the key range only up to the last row it read.
 */
class PushdownLimitTest {
    private TestDatabase db;
    private SqlSession reader;
    private SqlSession writer;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.splitAt30And60(100);
        reader = db.engine.openSession();
        writer = db.engine.openSession();
        run(reader, "CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER, c VARCHAR(40))");
        for (int id = 0; id < 90; id += 10) {
            run(reader, "INSERT INTO t VALUES (?, ?, ?)", id, id / 10 % 3, "c" + id);
        }
    }

    @AfterEach
    void tearDown() {
        reader.close();
        writer.close();
    }

    @Test
    void explainShowsTheLimitInTheScan() throws Exception {
        assertTrue(explain(reader, "SELECT * FROM t LIMIT 3").contains("limit=[3]"), explain(reader, "SELECT * FROM t LIMIT 3"));
        String ordered = explain(reader, "SELECT id, c FROM t WHERE id >= 15 ORDER BY id LIMIT 2 OFFSET 1");
        assertTrue(ordered.contains("range=[/T/ID=[15..+inf)]") && ordered.contains("limit=[1+2]"), ordered);
        assertFalse(ordered.contains("Sort"), "key order needs no sort: " + ordered);
        String parameter = explain(reader, "SELECT id FROM t ORDER BY id LIMIT ?", 2);
        assertTrue(parameter.contains("limit=[?0]"), parameter);
        String filtered = explain(reader, "SELECT id FROM t WHERE b = 1 ORDER BY id LIMIT 2");
        assertTrue(filtered.contains("filter=[") && filtered.contains("limit=[2]"), filtered);
        String minimum = explain(reader, "SELECT MIN(id) FROM t WHERE b = 2");
        assertTrue(minimum.contains("limit=[1]"), "MIN of the leading key reads one row: " + minimum);
        String descending = explain(reader, "SELECT id FROM t ORDER BY id DESC LIMIT 2");
        assertTrue(descending.contains("direction=[DESC], limit=[2]") && !descending.contains("Sort"), descending);
    }

    @Test
    void limitedScansReturnWhatTheGatewayWould() throws Exception {
        assertEquals(List.of("[30, c30]", "[40, c40]"), rows(reader, "SELECT id, c FROM t WHERE id >= 15 ORDER BY id LIMIT 2 OFFSET 1"));
        assertEquals(List.of("[10]", "[40]", "[70]"), rows(reader, "SELECT id FROM t WHERE b = 1 ORDER BY id LIMIT 5"));
        assertEquals(List.of("[10]", "[40]"), rows(reader, "SELECT id FROM t WHERE b = 1 ORDER BY id LIMIT ?", 2));
        assertEquals(List.of("[40]", "[70]"), rows(reader, "SELECT id FROM t WHERE b = ? AND id > ? ORDER BY id LIMIT ?", 1, 10, 2),
                "parameters in the filter the scan applies");
        assertEquals(List.of("[50]"), rows(reader, "SELECT MIN(id) FROM t WHERE b = 2 AND id > 20"));
        assertEquals(List.of("[null]"), rows(reader, "SELECT MIN(id) FROM t WHERE b = 7"));
        assertEquals(List.of(), rows(reader, "SELECT id FROM t ORDER BY id LIMIT 0"));
        assertEquals(List.of("[80]"), rows(reader, "SELECT id FROM t ORDER BY id LIMIT 5 OFFSET 8"));
        assertEquals(9, rows(reader, "SELECT id FROM t LIMIT 100").size());
        SqlStateException negative = assertThrows(SqlStateException.class, () -> rows(reader, "SELECT id FROM t LIMIT ?", -1));
        assertEquals("22000", negative.sqlState(), negative.getMessage());
    }

    @Test
    void limitedScanLocksOnlyUpToItsLastRow() throws Exception {
        run(reader, "BEGIN");
        assertEquals(List.of("[20]", "[30]"), rows(reader, "SELECT id FROM t WHERE id >= 15 ORDER BY id LIMIT 2"));
        SqlStateException phantom = assertThrows(SqlStateException.class, () -> run(writer, "INSERT INTO t VALUES (25, 0, 'x')"));
        assertTrue(phantom.sqlState().startsWith("40"), phantom.sqlState() + " " + phantom.getMessage());
        run(writer, "INSERT INTO t VALUES (35, 0, 'after the last row read')");
        run(writer, "INSERT INTO t VALUES (12, 0, 'before the range')");
        assertEquals(List.of("[20]", "[30]"), rows(reader, "SELECT id FROM t WHERE id >= 15 ORDER BY id LIMIT 2"),
                "what the reader read is unchanged (repeatable)");
        run(reader, "COMMIT");
        run(writer, "INSERT INTO t VALUES (25, 0, 'now')");
    }

    @Test
    void limitedScanBehindAFilterLocksWhatItReadAcrossTablets() throws Exception {
        run(reader, "BEGIN");
        // b = 1 holds for 10, 40, 70: the scan reads from 0 through 40, crossing the split at 30.
        assertEquals(List.of("[10]", "[40]"), rows(reader, "SELECT id FROM t WHERE b = 1 ORDER BY id LIMIT 2"));
        SqlStateException phantom = assertThrows(SqlStateException.class, () -> run(writer, "INSERT INTO t VALUES (33, 1, 'x')"));
        assertTrue(phantom.sqlState().startsWith("40"), phantom.sqlState() + " " + phantom.getMessage());
        run(writer, "INSERT INTO t VALUES (85, 1, 'well past the rows read')");
        run(reader, "COMMIT");
    }
}
