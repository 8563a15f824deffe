package io.meridian.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.range.KeyRange;
import io.meridian.range.RangeDirectory;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TrueTime;
import io.meridian.txn.MemoryTablet;
import io.meridian.txn.TransactionManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Query plans are shared by sessions: a second session's first execution of a query plans
 * nothing, reads through its own transaction, and DDL makes every session plan again.
 */
class SharedPlanCacheTest {
    private static final String POINT = "SELECT name FROM t WHERE id = ?";

    private SqlEngine engine;
    private SqlSession first;
    private SqlSession second;

    @BeforeEach
    void setUp() throws Exception {
        engine = engine(3);
        first = engine.openSession();
        second = engine.openSession();
        run(first, "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(10))");
        run(first, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    }

    @AfterEach
    void tearDown() {
        first.close();
        second.close();
    }

    @Test
    void secondSessionsFirstExecutionHitsTheSharedPlan() throws Exception {
        assertEquals(List.of("[a]"), rows(first, POINT, 1L));
        long hits = metrics().sharedPlanHits();
        long misses = metrics().sharedPlanMisses();

        assertEquals(List.of("[b]"), rows(second, POINT, 2L));

        assertEquals(hits + 1, metrics().sharedPlanHits());
        assertEquals(misses, metrics().sharedPlanMisses());
    }

    @Test
    void sharedPlanReadsThroughTheExecutingSessionsTransaction() throws Exception {
        rows(first, POINT, 1L);
        long hits = metrics().sharedPlanHits();
        run(second, "BEGIN");
        run(second, "INSERT INTO t VALUES (3, 'c')");

        // Only the second session's own transaction holds row 3 yet.
        assertEquals(List.of("[c]"), rows(second, POINT, 3L));
        run(second, "ROLLBACK");

        assertEquals(hits + 1, metrics().sharedPlanHits());
        assertEquals(List.of(), rows(first, POINT, 3L));
    }

    @Test
    void ddlInvalidatesSharedPlans() throws Exception {
        rows(first, "SELECT * FROM t WHERE id = ?", 1L);
        assertEquals(List.of("[1, a]"), rows(second, "SELECT * FROM t WHERE id = ?", 1L));
        long misses = metrics().sharedPlanMisses();

        run(first, "ALTER TABLE t ADD COLUMN score INTEGER DEFAULT 7");

        assertEquals(List.of("[1, a, 7]"), rows(second, "SELECT * FROM t WHERE id = ?", 1L));
        assertEquals(misses + 1, metrics().sharedPlanMisses());
        long hits = metrics().sharedPlanHits();
        assertEquals(List.of("[2, b, 7]"), rows(first, "SELECT * FROM t WHERE id = ?", 2L));
        assertEquals(hits + 1, metrics().sharedPlanHits());
    }

    @Test
    void informationSchemaQueriesStayPrivateToTheirSession() throws Exception {
        String sql = "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?";
        assertEquals(List.of("[T]"), rows(first, sql, "T"));
        long hits = metrics().sharedPlanHits();
        assertEquals(List.of("[T]"), rows(second, sql, "T"));
        assertEquals(List.of("[T]"), rows(second, sql, "T"));
        assertEquals(hits, metrics().sharedPlanHits());
    }

    @Test
    void cacheKeepsAtMostItsBound() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of("[a]"), rows(first, "SELECT name FROM t WHERE id = ? AND " + i + " = " + i, 1L));
        }
        assertTrue(engine.sharedPlans().size() <= 3, engine.sharedPlans().size() + " plans cached");
        long hits = metrics().sharedPlanHits();
        rows(second, "SELECT name FROM t WHERE id = ? AND 4 = 4", 1L);
        assertEquals(hits + 1, metrics().sharedPlanHits(), "the most recent plan is still cached");
    }

    private ResultMetrics metrics() {
        return engine.resultMetrics();
    }

    private static SqlEngine engine(int sharedPlansMax) throws SqlStateException {
        TrueTime trueTime = new HlcTrueTime(SystemClock.INSTANCE, 100);
        MemoryTablet tablet = new MemoryTablet(1, new KeyRange(new byte[0], new byte[0]));
        TransactionManager txns = new TransactionManager(trueTime, SystemClock.INSTANCE, new RangeDirectory(List.of(tablet)),
                new TransactionManager.Limits(1_000, 5_000, 100_000, 1_000_000, 64));
        return new SqlEngine(txns, trueTime, new SqlEngine.Limits(1_000_000, 64, sharedPlansMax));
    }

    private static void run(SqlSession session, String sql) throws SqlStateException {
        session.execute(sql, List.of());
    }

    private static List<String> rows(SqlSession session, String sql, Object... parameters) throws SqlStateException {
        List<String> out = new ArrayList<>();
        for (Object[] row : session.execute(sql, Arrays.asList(parameters)).rows()) {
            out.add(Arrays.toString(row));
        }
        return out;
    }
}
