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
 * Descending scans: {@code ORDER BY <key> DESC [LIMIT]} and {@code MAX(<leading key>)} read the
 * key range backwards (EXPLAIN shows {@code direction=[DESC]}), stop after the rows wanted, and lock
 * only from the last row read up to the end of the range.
 */
class ReverseScanPushdownTest {
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
        run(reader, "CREATE TABLE pair (a INTEGER, b INTEGER, v VARCHAR(10), PRIMARY KEY (a, b))");
        run(reader, "INSERT INTO pair VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z'), (2, 5, 'w'), (3, 0, 'u')");
    }

    @AfterEach
    void tearDown() {
        reader.close();
        writer.close();
    }

    @Test
    void explainShowsTheDescendingLimitedScan() throws Exception {
        String latest = explain(reader, "SELECT * FROM t ORDER BY id DESC LIMIT 3");
        assertTrue(latest.contains("direction=[DESC], limit=[3]"), latest);
        assertFalse(latest.contains("Sort"), "the scan delivers the order: " + latest);
        String ranged = explain(reader, "SELECT id, c FROM t WHERE id < 55 ORDER BY id DESC LIMIT 2 OFFSET 1");
        assertTrue(ranged.contains("range=[/T/ID=(-inf..54]]") && ranged.contains("direction=[DESC], limit=[1+2]"), ranged);
        String filtered = explain(reader, "SELECT c FROM t WHERE b = 1 ORDER BY id DESC LIMIT ?", 2);
        assertTrue(filtered.contains("filter=[") && filtered.contains("direction=[DESC], limit=[?0]"), filtered);
        String maximum = explain(reader, "SELECT MAX(id) FROM t WHERE id < 45");
        assertTrue(maximum.contains("direction=[DESC], limit=[1]"), "MAX of the leading key reads one row: " + maximum);
        String unlimited = explain(reader, "SELECT id FROM t ORDER BY id DESC");
        assertTrue(unlimited.contains("direction=[DESC]") && !unlimited.contains("Sort"), unlimited);
        String composite = explain(reader, "SELECT v FROM pair ORDER BY a DESC, b DESC LIMIT 2");
        assertTrue(composite.contains("direction=[DESC], limit=[2]"), composite);
    }

    @Test
    void ordersTheScanCannotDeliverKeepTheSort() throws Exception {
        String mixed = explain(reader, "SELECT v FROM pair ORDER BY a DESC, b LIMIT 2");
        assertFalse(mixed.contains("direction=[DESC]"), mixed);
        assertTrue(mixed.contains("Sort"), mixed);
        assertEquals(List.of("[u]", "[z]"), rows(reader, "SELECT v FROM pair ORDER BY a DESC, b LIMIT 2"));
        String nullsFirst = explain(reader, "SELECT id FROM t ORDER BY id DESC NULLS FIRST LIMIT 2");
        assertFalse(nullsFirst.contains("direction=[DESC]"), "not the exact reverse of key order: " + nullsFirst);
        assertEquals(List.of("[80]", "[70]"), rows(reader, "SELECT id FROM t ORDER BY id DESC NULLS FIRST LIMIT 2"));
        String byValue = explain(reader, "SELECT id FROM t ORDER BY b DESC LIMIT 2");
        assertFalse(byValue.contains("direction=[DESC]"), byValue);
    }

    @Test
    void descendingScansReturnWhatTheGatewayWould() throws Exception {
        assertEquals(List.of("[80, c80]", "[70, c70]", "[60, c60]"), rows(reader, "SELECT id, c FROM t ORDER BY id DESC LIMIT 3"));
        assertEquals(List.of("[40, c40]", "[30, c30]"),
                rows(reader, "SELECT id, c FROM t WHERE id < 55 ORDER BY id DESC LIMIT 2 OFFSET 1"));
        assertEquals(List.of("[c70]", "[c40]"), rows(reader, "SELECT c FROM t WHERE b = 1 ORDER BY id DESC LIMIT ?", 2));
        assertEquals(List.of("[40]"), rows(reader, "SELECT MAX(id) FROM t WHERE id < 45"));
        assertEquals(List.of("[80]"), rows(reader, "SELECT MAX(id) FROM t"));
        assertEquals(List.of("[null]"), rows(reader, "SELECT MAX(id) FROM t WHERE id > 100"));
        assertEquals(List.of("[70]"), rows(reader, "SELECT MAX(id) FROM t WHERE b = 1"));
        assertEquals(List.of("[80]", "[70]", "[60]", "[50]", "[40]", "[30]", "[20]", "[10]", "[0]"),
                rows(reader, "SELECT id FROM t ORDER BY id DESC"));
        assertEquals(List.of("[20]", "[10]"), rows(reader, "SELECT id FROM t WHERE id IN (10, 20, 25) ORDER BY id DESC"));
        assertEquals(List.of("[u]", "[w]", "[z]"), rows(reader, "SELECT v FROM pair ORDER BY a DESC, b DESC LIMIT 3"));
        assertEquals(List.of("[y]", "[x]"), rows(reader, "SELECT v FROM pair WHERE a = 1 ORDER BY a DESC, b DESC"));
        assertEquals(List.of(), rows(reader, "SELECT id FROM t ORDER BY id DESC LIMIT 0"));
        assertEquals(List.of("[0]"), rows(reader, "SELECT id FROM t ORDER BY id DESC LIMIT 5 OFFSET 8"));
        assertEquals(List.of("[60]", "[70]", "[80]"), rows(reader, "SELECT id FROM (SELECT c, id FROM t ORDER BY id DESC LIMIT 3) q"
                + " ORDER BY id"), "the outer ascending sort stays above the descending scan");
        assertEquals(List.of("[c60]", "[c70]"), rows(reader, "SELECT c FROM (SELECT c, id FROM t ORDER BY id DESC LIMIT 3) q"
                + " ORDER BY id LIMIT 2"));
    }

    @Test
    void ownUncommittedWritesAreInTheDescendingScan() throws Exception {
        run(reader, "BEGIN");
        run(reader, "INSERT INTO t VALUES (85, 1, 'own'), (65, 1, 'own')");
        run(reader, "DELETE FROM t WHERE id = 80");
        assertEquals(List.of("[85]", "[70]", "[65]"), rows(reader, "SELECT id FROM t ORDER BY id DESC LIMIT 3"));
        assertEquals(List.of("[85]"), rows(reader, "SELECT MAX(id) FROM t"));
        run(reader, "ROLLBACK");
        assertEquals(List.of("[80]"), rows(reader, "SELECT MAX(id) FROM t"));
    }

    @Test
    void descendingLimitedScanLocksOnlyDownToItsLastRow() throws Exception {
        run(reader, "BEGIN");
        assertEquals(List.of("[50]", "[40]"), rows(reader, "SELECT id FROM t WHERE id < 55 ORDER BY id DESC LIMIT 2"));
        SqlStateException phantom = assertThrows(SqlStateException.class, () -> run(writer, "INSERT INTO t VALUES (45, 0, 'x')"));
        assertTrue(phantom.sqlState().startsWith("40"), phantom.sqlState() + " " + phantom.getMessage());
        SqlStateException above = assertThrows(SqlStateException.class, () -> run(writer, "INSERT INTO t VALUES (53, 0, 'x')"));
        assertTrue(above.sqlState().startsWith("40"), "between the first row and the range's end: " + above.sqlState());
        run(writer, "INSERT INTO t VALUES (35, 0, 'below the last row read')");
        run(writer, "INSERT INTO t VALUES (57, 0, 'past the range')");
        assertEquals(List.of("[50]", "[40]"), rows(reader, "SELECT id FROM t WHERE id < 55 ORDER BY id DESC LIMIT 2"),
                "what the reader read is unchanged (repeatable)");
        run(reader, "COMMIT");
        run(writer, "INSERT INTO t VALUES (45, 0, 'now')");
    }

    @Test
    void maxLocksTheTopOfTheRangeAcrossTablets() throws Exception {
        run(reader, "BEGIN");
        // b = 0 holds for 0, 30, 60: the reverse scan reads 80, 70, 60 in the last tablet.
        assertEquals(List.of("[60]"), rows(reader, "SELECT MAX(id) FROM t WHERE b = 0"));
        SqlStateException phantom = assertThrows(SqlStateException.class, () -> run(writer, "INSERT INTO t VALUES (90, 0, 'x')"));
        assertTrue(phantom.sqlState().startsWith("40"), phantom.sqlState() + " " + phantom.getMessage());
        run(writer, "INSERT INTO t VALUES (55, 0, 'below the maximum')");
        run(reader, "COMMIT");
    }

    @Test
    void indexReadBackwardsServesTheReverseOfItsOrder() throws Exception {
        run(reader, "CREATE TABLE s (id INTEGER PRIMARY KEY, b INTEGER, n INTEGER, c VARCHAR(10))");
        run(reader, "CREATE INDEX s_b ON s (b)");
        run(reader, "CREATE INDEX s_n ON s (n DESC)");
        run(reader, "INSERT INTO s VALUES (1, 5, 1, 'a'), (2, NULL, 2, 'b'), (3, 7, NULL, 'c'), (4, 5, 3, 'd'), (5, 9, 2, 'e'),"
                + " (6, NULL, 1, 'f'), (7, 2, 3, 'g')");
        String byB = explain(reader, "SELECT id, b FROM s WHERE b >= 3 ORDER BY b DESC, id DESC LIMIT 3");
        assertTrue(byB.contains("index=[S_B covering]") && byB.contains("direction=[DESC], limit=[3]") && !byB.contains("Sort"), byB);
        assertEquals(List.of("[5, 9]", "[3, 7]", "[4, 5]"), rows(reader, "SELECT id, b FROM s WHERE b >= 3 ORDER BY b DESC, id DESC LIMIT 3"));
        String lookup = explain(reader, "SELECT c FROM s WHERE b < 8 ORDER BY b DESC LIMIT 2");
        assertTrue(lookup.contains("index=[S_B]") && lookup.contains("direction=[DESC], limit=[2]"), lookup);
        assertEquals(List.of("[c]", "[a]"), rows(reader, "SELECT c FROM s WHERE b < 8 ORDER BY b DESC, id LIMIT 2"));
        // A descending index read backwards is ascending (NULLs first, as ORDER BY n asks), its row keys descending.
        String byN = explain(reader, "SELECT id, n FROM s WHERE n IN (1, 3) ORDER BY n, id DESC LIMIT 3");
        assertTrue(byN.contains("index=[S_N covering]") && byN.contains("direction=[DESC], limit=[3]"), byN);
        assertEquals(List.of("[6, 1]", "[1, 1]", "[7, 3]"), rows(reader, "SELECT id, n FROM s WHERE n IN (1, 3) ORDER BY n, id DESC LIMIT 3"));
        String forwardN = explain(reader, "SELECT id, n FROM s WHERE n IN (1, 3) ORDER BY n DESC LIMIT 1");
        assertTrue(forwardN.contains("limit=[1]") && !forwardN.contains("direction=[DESC]"), "the index's own order: " + forwardN);
        assertEquals(List.of("[4, 3]"), rows(reader, "SELECT id, n FROM s WHERE n IN (1, 3) ORDER BY n DESC, id LIMIT 1"));
        String maximum = explain(reader, "SELECT MAX(b) FROM s WHERE b < 8");
        assertTrue(maximum.contains("index=[S_B covering]") && maximum.contains("direction=[DESC], limit=[1]"), maximum);
        assertEquals(List.of("[7]"), rows(reader, "SELECT MAX(b) FROM s WHERE b < 8"));
        String minimumN = explain(reader, "SELECT MIN(n) FROM s WHERE n IN (2, 3)");
        assertTrue(minimumN.contains("direction=[DESC], limit=[1]"), "MIN over a descending index reads backwards: " + minimumN);
        assertEquals(List.of("[2]"), rows(reader, "SELECT MIN(n) FROM s WHERE n IN (2, 3)"));
    }

    @Test
    void nullsInAnIndexReadBackwardsComeWhereSqlPutsThem() throws Exception {
        run(reader, "CREATE TABLE s (id INTEGER PRIMARY KEY, b INTEGER)");
        run(reader, "CREATE INDEX s_b ON s (b)");
        run(reader, "INSERT INTO s VALUES (1, 5), (2, NULL), (3, 7), (4, NULL)");
        String sql = "SELECT id, b FROM s WHERE b IS NULL OR b > 4 ORDER BY b DESC, id DESC";
        String plan = explain(reader, sql);
        assertEquals(List.of("[3, 7]", "[1, 5]", "[4, null]", "[2, null]"), rows(reader, sql), plan);
        String nullsFirst = "SELECT id, b FROM s WHERE b IS NULL OR b > 4 ORDER BY b DESC NULLS FIRST, id DESC";
        assertFalse(explain(reader, nullsFirst).contains("direction=[DESC]"), explain(reader, nullsFirst));
        assertEquals(List.of("[4, null]", "[2, null]", "[3, 7]", "[1, 5]"), rows(reader, nullsFirst));
    }
}
