package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.sql.SqlSession;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code integerKey = ?}: an integer parameter becomes the key directly (the point lookup's fast
 * path), any other parameter goes through the general range path; both find exactly the equal rows,
 * at the edges of the long range and through primary keys and indexes.
 */
class IntegerKeyLookupTest {
    private TestDatabase db;
    private SqlSession session;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase(100);
        session = db.engine.openSession();
        run(session, "CREATE TABLE t (id BIGINT PRIMARY KEY, small INTEGER, name VARCHAR(32))");
        run(session, "CREATE INDEX t_small ON t (small)");
        run(session, "CREATE TABLE pair (a BIGINT, b INTEGER, v VARCHAR(20), PRIMARY KEY (a, b))");
        for (long id : new long[] {Long.MIN_VALUE, -2, -1, 0, 1, 2, 3, Long.MAX_VALUE}) {
            run(session, "INSERT INTO t VALUES (?, ?, ?)", id, (int) (id % 3), "n" + id);
        }
        for (int a = -1; a <= 1; a++) {
            for (int b = -1; b <= 1; b++) {
                run(session, "INSERT INTO pair VALUES (?, ?, ?)", a, b, a + "/" + b);
            }
        }
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void everyIntegerParameterTypeFindsItsRow() throws Exception {
        String sql = "SELECT name FROM t WHERE id = ?";
        assertEquals(List.of("[n2]"), rows(session, sql, 2L));
        assertEquals(List.of("[n2]"), rows(session, sql, 2));
        assertEquals(List.of("[n-2]"), rows(session, sql, (short) -2));
        assertEquals(List.of("[n-1]"), rows(session, sql, (byte) -1));
        assertEquals(List.of("[n" + Long.MIN_VALUE + "]"), rows(session, sql, Long.MIN_VALUE));
        assertEquals(List.of("[n" + Long.MAX_VALUE + "]"), rows(session, sql, Long.MAX_VALUE));
        assertEquals(List.of(), rows(session, sql, 4L), "no such row");
    }

    @Test
    void otherParametersKeepTheGeneralPath() throws Exception {
        String sql = "SELECT name FROM t WHERE id = ?";
        assertEquals(List.of("[n3]"), rows(session, sql, new BigDecimal("3")));
        assertEquals(List.of("[n3]"), rows(session, sql, new BigDecimal("3.00")));
        assertEquals(List.of(), rows(session, sql, new BigDecimal("2.5")), "no integer equals 2.5");
        assertEquals(List.of(), rows(session, sql, new BigDecimal("9223372036854775808")), "above the long range");
        assertEquals(List.of(), rows(session, sql, (Object) null), "= NULL holds for no row");
    }

    @Test
    void indexesAndCompositeKeysUseTheSameValues() throws Exception {
        // small = id % 3: MIN_VALUE % 3 = -2, MAX_VALUE % 3 = 1
        assertEquals(List.of("[1]", "[" + Long.MAX_VALUE + "]"), rows(session, "SELECT id FROM t WHERE small = ? ORDER BY id", 1L));
        assertEquals(List.of("[" + Long.MIN_VALUE + "]", "[-2]"), rows(session, "SELECT id FROM t WHERE small = ? ORDER BY id", -2));
        assertEquals(List.of("[-1/1]"), rows(session, "SELECT v FROM pair WHERE a = ? AND b = ?", -1L, 1));
        assertEquals(List.of("[0/-1]", "[0/0]", "[0/1]"), rows(session, "SELECT v FROM pair WHERE a = ? ORDER BY b", 0));
        assertEquals(List.of("[1/0]", "[1/1]"), rows(session, "SELECT v FROM pair WHERE a = ? AND b >= ? ORDER BY b", 1L, 0));
    }
}
