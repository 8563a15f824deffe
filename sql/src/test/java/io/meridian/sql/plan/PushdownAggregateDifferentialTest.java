package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Seeded differential test of aggregate and LIMIT push-down over a table split across three
 * tablets: each random query must return what the same query returns when it reads the table
 * through a UNION ALL with an empty table, which no rule pushes into a scan (Calcite's own
 * aggregation, filtering and limiting at the gateway: the oracle). Values include NULLs and
 * BIGINTs near the limits, so overflow behaves as the gateway's does. {@code -Dpushdown.queries=N}
 * runs more.
 */
class PushdownAggregateDifferentialTest {
    static final long SEED = 20261126L;
    static final int ROWS = 120;
    static final int QUERIES = Integer.getInteger("pushdown.queries", 40);
    private static final String ORACLE = "(SELECT * FROM t UNION ALL SELECT * FROM nothing) q";
    private static final String[] AGGREGATES = {"COUNT(*)", "COUNT(n)", "SUM(n)", "MIN(n)", "MAX(n)", "AVG(n)", "SUM(d)",
        "MIN(d)", "AVG(d)", "MAX(g)", "MIN(g)", "COUNT(g)", "SUM(big)", "MAX(big)", "MIN(id)", "COUNT(DISTINCT g)", "SUM(f)"};

    @Test
    void pushedAggregatesAndLimitsMatchTheGateway() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        TableDef shape = new TableDef(SplitTabletScanTest.FIRST_TABLE_ID, "T",
                List.of(new ColumnDef("ID", SqlTypeName.INTEGER, -1, -1, false, null)), List.of(0));
        TestDatabase db = new TestDatabase(1_000, List.of(KeyCodec.primaryKey(shape, new Object[] {40}),
                KeyCodec.primaryKey(shape, new Object[] {80})));
        try (SqlSession session = db.engine.openSession()) {
            String columns = "(id INTEGER PRIMARY KEY, g VARCHAR(5), n INTEGER, d DECIMAL(8, 2), big BIGINT, f DOUBLE)";
            run(session, "CREATE TABLE t " + columns);
            run(session, "CREATE TABLE nothing " + columns);
            insertRows(session, random);
            int pushedAggregates = 0;
            int pushedLimits = 0;
            for (int q = 0; q < QUERIES; q++) {
                String sql = random.nextBoolean() ? aggregateQuery(random) : limitQuery(random);
                String plan = TestDatabase.explain(session, String.format(sql, "t"));
                String expected = outcome(session, String.format(sql, ORACLE));
                String actual = outcome(session, String.format(sql, "t"));
                assertEquals(expected, actual, "seed " + SEED + " query " + q + ": " + sql + "\n" + plan);
                if (q % 10 == 0) {
                    assertFalse(TestDatabase.explain(session, String.format(sql, ORACLE)).contains("aggregate=["), "oracle pushed");
                }
                pushedAggregates += plan.contains("aggregate=[") ? 1 : 0;
                pushedLimits += plan.contains("limit=[") ? 1 : 0;
            }
            assertTrue(pushedAggregates > QUERIES / 5 && pushedLimits > QUERIES / 5,
                    pushedAggregates + " aggregate and " + pushedLimits + " limit push-downs in " + QUERIES + " queries");
        }
    }

    /** The rows (sorted unless ordered), or the SQLState of the failure. */
    private static String outcome(SqlSession session, String sql) {
        try {
            List<String> out = new ArrayList<>(rows(session, sql));
            if (!sql.contains("ORDER BY")) {
                out.sort(null);
            }
            return out.toString();
        } catch (SqlStateException e) {
            return "error " + e.sqlState();
        }
    }

    private static void insertRows(SqlSession session, SplittableRandom random) throws Exception {
        for (int id = 0; id < ROWS; id++) { // one row per statement: the rows fall in three tablets
            String g = random.nextInt(8) == 0 ? null : "g" + random.nextInt(5);
            Integer n = random.nextInt(5) == 0 ? null : random.nextInt(-50, 50);
            BigDecimal d = random.nextInt(5) == 0 ? null : BigDecimal.valueOf(random.nextInt(-10_000, 10_000), 2);
            Long big = random.nextInt(5) == 0 ? null : random.nextInt(3) == 0
                    ? Long.MAX_VALUE - random.nextInt(1_000) : (long) random.nextInt(-1_000, 1_000);
            Double f = random.nextInt(5) == 0 ? null : random.nextInt(-100, 100) / 8.0;
            run(session, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", id, g, n, d, big, f);
        }
    }

    private static String aggregateQuery(SplittableRandom random) {
        List<String> select = new ArrayList<>();
        int count = random.nextInt(1, 4);
        for (int i = 0; i < count; i++) {
            select.add(AGGREGATES[random.nextInt(AGGREGATES.length)]);
        }
        boolean grouped = random.nextInt(3) > 0;
        String group = grouped ? new String[] {"g", "n"}[random.nextInt(2)] : null;
        String where = random.nextInt(4) == 0 ? "" : " WHERE " + predicate(random);
        return "SELECT " + (grouped ? group + ", " : "") + String.join(", ", select) + " FROM %s" + where
                + (grouped ? " GROUP BY " + group : "");
    }

    private static String limitQuery(SplittableRandom random) {
        String where = random.nextInt(3) == 0 ? "" : " WHERE " + predicate(random);
        String offset = random.nextInt(3) == 0 ? " OFFSET " + random.nextInt(0, 10) : "";
        return "SELECT id, g, n FROM %s" + where + " ORDER BY id LIMIT " + random.nextInt(0, 30) + offset;
    }

    private static String predicate(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0 -> "id BETWEEN " + random.nextInt(-10, 130) + " AND " + random.nextInt(-10, 130);
            case 1 -> "id " + new String[] {"<", ">=", "<>"}[random.nextInt(3)] + " " + random.nextInt(0, 120);
            case 2 -> "g = 'g" + random.nextInt(5) + "'";
            case 3 -> "n > " + random.nextInt(-50, 50);
            case 4 -> "n IS NULL";
            case 5 -> "id IN (" + random.nextInt(120) + ", " + random.nextInt(120) + ", " + random.nextInt(120) + ")";
            default -> "(n < 0 OR g IS NULL) AND id > " + random.nextInt(0, 100);
        };
    }
}
