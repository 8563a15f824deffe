package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.explain;
import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Partial aggregates computed per tablet piece, combined at the gateway; covering indexes and long IN lists. */
class PushdownAggregateTest {
    private TestDatabase db;
    private SqlSession session;

    /**
     * The table split across three tablets (ids below 10, 10 to 19, from 20), or, with an index, in
     * one tablet: a row and its index entry live in different tablets, and commits span one tablet
     * until two-phase commit arrives.
     */
    private void create(boolean split, boolean index) throws Exception {
        TableDef shape = new TableDef(SplitTabletScanTest.FIRST_TABLE_ID, "T",
                List.of(new ColumnDef("ID", SqlTypeName.INTEGER, -1, -1, false, null)), List.of(0));
        db = new TestDatabase(1_000, split ? List.of(KeyCodec.primaryKey(shape, new Object[] {10}),
                KeyCodec.primaryKey(shape, new Object[] {20})) : List.of());
        session = db.engine.openSession();
        run(session, "CREATE TABLE t (id INTEGER PRIMARY KEY, g VARCHAR(5), n INTEGER, d DECIMAL(6, 2), f DOUBLE)");
        if (index) {
            run(session, "CREATE INDEX t_g ON t (g)");
        }
        for (int start = 0; start < 30; start += 10) { // one statement per tablet: commits are single-tablet
            StringBuilder values = new StringBuilder();
            for (int id = start; id < start + 10; id++) {
                values.append(id > start ? ", " : "").append("(").append(id).append(", 'g").append(id % 3).append("', ")
                        .append(id % 4 == 0 ? "NULL" : Integer.toString(id)).append(", ").append(id).append(".5, ")
                        .append(id / 4.0).append(")");
            }
            run(session, "INSERT INTO t VALUES " + values);
        }
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void explainShowsPushedAggregates() throws Exception {
        create(false, true);
        String count = explain(session, "SELECT COUNT(*) FROM t");
        assertTrue(count.contains("aggregate=[COUNT(*)]") && count.contains("$SUM0("), count);
        String grouped = explain(session, "SELECT g, COUNT(n), SUM(n), MIN(d), MAX(n), AVG(n) FROM t WHERE id BETWEEN 5 AND 25 GROUP BY g");
        assertTrue(grouped.contains("range=[/T/ID=[5..25]]") && grouped.contains("aggregate=[COUNT(N), SUM0(N), MIN(D), MAX(N)")
                && grouped.contains("GROUP BY G]"), grouped);
        String covering = explain(session, "SELECT COUNT(*) FROM t WHERE g = 'g1'");
        assertTrue(covering.contains("index=[T_G covering]") && covering.contains("aggregate=[COUNT(*)]"), covering);
        for (String unpushed : new String[] {"SELECT COUNT(DISTINCT g) FROM t", "SELECT SUM(f) FROM t", "SELECT SUM(n * 2) FROM t"}) {
            String plan = explain(session, unpushed);
            assertFalse(plan.contains("aggregate=[COUNT(DISTINCT") || plan.contains("SUM(F)") || plan.contains("SUM(N)"),
                    unpushed + ": " + plan);
        }
    }

    @Test
    void resultsCombineTheTablets() throws Exception {
        create(true, false);
        assertEquals(List.of("[30]"), rows(session, "SELECT COUNT(*) FROM t"));
        assertEquals(10, db.tablets.get(1).keyCount(), "ids 10..19 live in the second tablet");
        assertEquals(List.of("[22, 323, 0.50, 29.50, 14.681818181818182]"),
                rows(session, "SELECT COUNT(n), SUM(n), MIN(d), MAX(d), AVG(n) FROM t"));
        assertEquals(List.of("[g0, 7, 99]", "[g1, 7, 97]", "[g2, 8, 127]"),
                rows(session, "SELECT g, COUNT(n), SUM(n) FROM t GROUP BY g ORDER BY g"));
        assertEquals(List.of("[0, null, null, null]"), rows(session, "SELECT COUNT(*), SUM(n), MIN(g), AVG(d) FROM t WHERE id > 100"),
                "empty input: COUNT 0, the others NULL");
        assertEquals(List.of(), rows(session, "SELECT g, COUNT(*) FROM t WHERE id > 100 GROUP BY g"), "no groups, no rows");
        assertEquals(List.of("[0, null]"), rows(session, "SELECT COUNT(n), SUM(n) FROM t WHERE n IS NULL"));
        assertEquals(List.of("[3]"), rows(session, "SELECT COUNT(DISTINCT g) FROM t"));
        assertEquals(List.of("[10]"), rows(session, "SELECT COUNT(*) FROM t WHERE g = 'g1'"));
    }

    @Test
    void ownWritesAreCounted() throws Exception {
        create(true, false);
        run(session, "BEGIN");
        run(session, "INSERT INTO t VALUES (31, 'g9', 7, 1.00, 0)"); // one tablet per transaction
        run(session, "DELETE FROM t WHERE id = 21");
        assertEquals(List.of("[30, 309]"), rows(session, "SELECT COUNT(*), SUM(n) FROM t"));
        run(session, "ROLLBACK");
        assertEquals(List.of("[30, 323]"), rows(session, "SELECT COUNT(*), SUM(n) FROM t"));
    }

    @Test
    void coveringIndexReturnsPrimaryKeyColumnsWithoutLookups() throws Exception {
        create(false, true);
        String plan = explain(session, "SELECT id FROM t WHERE g = 'g2'");
        assertTrue(plan.contains("index=[T_G covering]"), plan);
        assertEquals(List.of("[2]", "[5]", "[8]", "[11]", "[14]", "[17]", "[20]", "[23]", "[26]", "[29]"),
                rows(session, "SELECT id FROM t WHERE g = 'g2' ORDER BY id"));
    }

    @Test
    void longInListsBecomeKeyRanges() throws Exception {
        create(true, false);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 300; i += 3) {
            list.append(list.length() > 0 ? ", " : "").append(i);
        }
        String plan = explain(session, "SELECT id FROM t WHERE id IN (" + list + ")");
        assertTrue(plan.contains("range=[/T/ID=0, /T/ID=3") && !plan.contains("Join"), plan);
        assertEquals(List.of("[10]"), rows(session, "SELECT COUNT(*) FROM t WHERE id IN (" + list + ")"));
        assertEquals(List.of("[7]"), rows(session, "SELECT COUNT(*) FROM t WHERE n IN (" + list + ")"), "on a column without key");
    }
}
