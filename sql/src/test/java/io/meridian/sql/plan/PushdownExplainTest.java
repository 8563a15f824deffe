package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.explain;
import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EXPLAIN shows the key ranges and the index a query reads, and those reads return the right rows. */
class PushdownExplainTest {
    private SqlSession session;

    @BeforeEach
    void setUp() throws Exception {
        session = new TestDatabase(1_000).engine.openSession();
        run(session, "CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER, c VARCHAR(20))");
        run(session, "CREATE INDEX t_b ON t (b)");
        run(session, "CREATE TABLE pair (a INTEGER, b INTEGER, v VARCHAR(10), PRIMARY KEY (a, b))");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            values.append(i > 1 ? ", " : "").append("(").append(i).append(", ").append(i % 7).append(", 'c").append(i).append("')");
        }
        run(session, "INSERT INTO t VALUES " + values);
        run(session, "INSERT INTO pair VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z'), (2, 5, 'w')");
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void primaryKeyEqualityIsOneKey() throws Exception {
        String plan = explain(session, "SELECT c FROM t WHERE id = 5");
        assertTrue(plan.contains("MeridianScan(table=[T], range=[/T/ID=5], index=[none]"), plan);
        assertEquals(List.of("[c5]"), rows(session, "SELECT c FROM t WHERE id = 5"));
    }

    @Test
    void primaryKeyRangeShowsTheRange() throws Exception {
        String plan = explain(session, "SELECT id FROM t WHERE id >= 10 AND id < 13");
        assertTrue(plan.contains("range=[/T/ID=[10..12]]"), plan);
        assertEquals(List.of("[10]", "[11]", "[12]"), rows(session, "SELECT id FROM t WHERE id >= 10 AND id < 13 ORDER BY id"));
        plan = explain(session, "SELECT id FROM t WHERE id BETWEEN 3 AND 4.5");
        assertTrue(plan.contains("range=[/T/ID=[3..4]]"), plan);
    }

    @Test
    void inListIsSeveralPoints() throws Exception {
        String plan = explain(session, "SELECT c FROM t WHERE id IN (3, 9, 27)");
        assertTrue(plan.contains("range=[/T/ID=3, /T/ID=9, /T/ID=27]"), plan);
        assertEquals(List.of("[c3]", "[c9]", "[c27]"), rows(session, "SELECT c FROM t WHERE id IN (27, 3, 9) ORDER BY id"));
    }

    @Test
    void parametersAreResolvedPerExecution() throws Exception {
        String plan = explain(session, "SELECT c FROM t WHERE id = ?", 4);
        assertTrue(plan.contains("range=[/T/ID=?0]"), plan);
        assertEquals(List.of("[c4]"), rows(session, "SELECT c FROM t WHERE id = ?", 4));
        assertEquals(List.of("[c8]"), rows(session, "SELECT c FROM t WHERE id = ?", 8));
        assertEquals(List.of(), rows(session, "SELECT c FROM t WHERE id = ?", (Object) null));
    }

    @Test
    void compositeKeyPrefixAndRange() throws Exception {
        String plan = explain(session, "SELECT v FROM pair WHERE a = 2 AND b > 1");
        assertTrue(plan.contains("range=[/PAIR/A=2/B=[2..+inf)]"), plan);
        assertEquals(List.of("[w]"), rows(session, "SELECT v FROM pair WHERE a = 2 AND b > 1"));
        plan = explain(session, "SELECT v FROM pair WHERE a = 1");
        assertTrue(plan.contains("range=[/PAIR/A=1]"), plan);
        assertEquals(List.of("[x]", "[y]"), rows(session, "SELECT v FROM pair WHERE a = 1 ORDER BY b"));
    }

    @Test
    void indexedPredicateUsesTheIndex() throws Exception {
        String plan = explain(session, "SELECT id, c FROM t WHERE b = 3");
        assertTrue(plan.contains("range=[/T/T_B/B=3], index=[T_B]"), plan);
        assertEquals(List.of("[3, c3]", "[10, c10]", "[17, c17]", "[24, c24]"),
                rows(session, "SELECT id, c FROM t WHERE b = 3 ORDER BY id"));
    }

    @Test
    void coveringIndexSkipsTheRowLookup() throws Exception {
        String plan = explain(session, "SELECT b FROM t WHERE b BETWEEN 5 AND 6");
        assertTrue(plan.contains("index=[T_B covering]"), plan);
        assertEquals(List.of("[5]", "[5]", "[5]", "[5]", "[6]", "[6]", "[6]", "[6]"),
                rows(session, "SELECT b FROM t WHERE b BETWEEN 5 AND 6 ORDER BY b"));
    }

    @Test
    void contradictionsAndNullsReadNothing() throws Exception {
        assertEquals(List.of(), rows(session, "SELECT id FROM t WHERE id = 2.5"));
        assertEquals(List.of(), rows(session, "SELECT id FROM t WHERE id = 5 AND id = 6"));
        assertEquals(List.of(), rows(session, "SELECT id FROM t WHERE id = NULL"));
        assertEquals(List.of("[3]"), rows(session, "SELECT id FROM t WHERE id < 3.5 AND id > 2"));
    }

    @Test
    void updateAndDeleteFindTheirRowsByKey() throws Exception {
        assertEquals(1, run(session, "UPDATE t SET c = 'five' WHERE id = 5").updateCount());
        assertEquals(List.of("[five]"), rows(session, "SELECT c FROM t WHERE id = 5"));
        assertEquals(2, run(session, "DELETE FROM t WHERE id IN (6, 7)").updateCount());
        assertEquals(List.of("[28]"), rows(session, "SELECT COUNT(*) FROM t"));
        assertEquals(List.of("[3]"), rows(session, "SELECT COUNT(*) FROM t WHERE b = 6")); // 13, 20, 27
    }

    @Test
    void keyOrderServesOrderByAndLimit() throws Exception {
        String plan = explain(session, "SELECT id, c FROM t WHERE id > 20 ORDER BY id LIMIT 3");
        assertTrue(!plan.contains("Sort"), plan);
        assertEquals(List.of("[21, c21]", "[22, c22]", "[23, c23]"),
                rows(session, "SELECT id, c FROM t WHERE id > 20 ORDER BY id LIMIT 3"));
        assertEquals(List.of("[30]", "[29]"), rows(session, "SELECT id FROM t ORDER BY id DESC LIMIT 2"));
    }

    @Test
    void nullValuesOfOneColumnScansAreRows() throws Exception {
        run(session, "INSERT INTO t VALUES (31, NULL, NULL), (32, NULL, 'x')");
        assertEquals(List.of("[2]"), rows(session, "SELECT COUNT(*) FROM t WHERE b IS NULL"));
        assertEquals(List.of("[null]", "[null]", "[0]"), rows(session, "SELECT b FROM t WHERE id >= 28 AND b IS NULL OR id = 28 ORDER BY b"));
    }
}
