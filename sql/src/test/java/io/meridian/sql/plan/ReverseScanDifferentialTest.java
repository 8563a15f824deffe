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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Seeded differential test of descending scans over a table split across three tablets, inside
 * transactions holding uncommitted inserts, updates and deletes in the range: each random
 * {@code ORDER BY ... DESC [LIMIT]} or {@code MAX} query must return what the same query returns
 * reading the table through a UNION ALL with an empty table, which no rule pushes into a scan (the
 * gateway sorts, limits and aggregates: the oracle). {@code -Dreverse.rounds=N} runs more.
 */
class ReverseScanDifferentialTest {
    static final long SEED = 20261127L;
    static final int ROWS = 120;
    static final int ROUNDS = Integer.getInteger("reverse.rounds", 4);
    static final int QUERIES_PER_ROUND = 8;
    private static final String ORACLE_T = "(SELECT * FROM t UNION ALL SELECT * FROM t_empty) q";
    private static final String ORACLE_P = "(SELECT * FROM p UNION ALL SELECT * FROM p_empty) q";

    @Test
    void descendingScansMatchTheGateway() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        TableDef shape = new TableDef(SplitTabletScanTest.FIRST_TABLE_ID, "T",
                List.of(new ColumnDef("ID", SqlTypeName.INTEGER, -1, -1, false, null)), List.of(0));
        TestDatabase db = new TestDatabase(1_000, List.of(KeyCodec.primaryKey(shape, new Object[] {40}),
                KeyCodec.primaryKey(shape, new Object[] {80})));
        try (SqlSession session = db.engine.openSession()) {
            run(session, "CREATE TABLE t (id INTEGER PRIMARY KEY, g VARCHAR(5), n INTEGER)");
            run(session, "CREATE TABLE t_empty (id INTEGER PRIMARY KEY, g VARCHAR(5), n INTEGER)");
            run(session, "CREATE TABLE p (a INTEGER, b BIGINT, n INTEGER, PRIMARY KEY (a, b))");
            run(session, "CREATE TABLE p_empty (a INTEGER, b BIGINT, n INTEGER, PRIMARY KEY (a, b))");
            TreeSet<Integer> ids = new TreeSet<>();
            for (int id = 0; id < ROWS; id += 1 + random.nextInt(2)) { // one row per statement: three tablets
                run(session, "INSERT INTO t VALUES (?, ?, ?)", id, random.nextInt(6) == 0 ? null : "g" + random.nextInt(4),
                        random.nextInt(5) == 0 ? null : random.nextInt(-20, 20));
                ids.add(id);
            }
            for (int a = 0; a < 6; a++) {
                for (int b = -3; b < 4; b += 1 + random.nextInt(3)) {
                    run(session, "INSERT INTO p VALUES (?, ?, ?)", a, (long) b, random.nextInt(10));
                }
            }
            int pushed = 0;
            int queries = 0;
            for (int round = 0; round < ROUNDS; round++) {
                run(session, "BEGIN");
                String writes = ownWrites(session, random, ids);
                for (int q = 0; q < QUERIES_PER_ROUND; q++, queries++) {
                    boolean pairs = random.nextInt(4) == 0;
                    String sql = pairs ? pairQuery(random) : random.nextInt(3) == 0 ? maxQuery(random) : orderQuery(random);
                    String plan = TestDatabase.explain(session, String.format(sql, pairs ? "p" : "t"));
                    String expected = outcome(session, String.format(sql, pairs ? ORACLE_P : ORACLE_T));
                    String actual = outcome(session, String.format(sql, pairs ? "p" : "t"));
                    assertEquals(expected, actual, "seed " + SEED + " round " + round + " query " + q + ": " + sql
                            + "\nown writes: " + writes + "\n" + plan);
                    if (q == 0) {
                        String oracle = TestDatabase.explain(session, String.format(sql, pairs ? ORACLE_P : ORACLE_T));
                        assertFalse(oracle.contains("direction=[DESC]"), "oracle pushed: " + oracle);
                    }
                    pushed += plan.contains("direction=[DESC]") ? 1 : 0;
                }
                run(session, "ROLLBACK");
            }
            assertTrue(pushed > queries / 2, pushed + " reverse scans in " + queries + " queries");
        }
    }

    /** Uncommitted inserts, updates and deletes all over the key range; returns what they were. */
    private static String ownWrites(SqlSession session, SplittableRandom random, TreeSet<Integer> ids) throws Exception {
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int id = random.nextInt(-5, ROWS + 10);
            String sql;
            if (!ids.contains(id)) {
                sql = "INSERT INTO t VALUES (" + id + ", 'own', " + random.nextInt(-20, 20) + ")";
            } else if (random.nextBoolean()) {
                sql = "DELETE FROM t WHERE id = " + id;
            } else {
                sql = "UPDATE t SET n = " + random.nextInt(-20, 20) + ", g = 'upd' WHERE id = " + id;
            }
            run(session, sql);
            done.add(sql);
        }
        run(session, "DELETE FROM p WHERE a = " + random.nextInt(6) + " AND b = " + random.nextInt(-3, 4));
        run(session, "INSERT INTO p VALUES (" + random.nextInt(6, 8) + ", " + random.nextInt(-3, 4) + ", 0)");
        return String.join("; ", done);
    }

    /** The rows, or the SQLState of the failure. */
    private static String outcome(SqlSession session, String sql) {
        try {
            return rows(session, sql).toString();
        } catch (SqlStateException e) {
            return "error " + e.sqlState();
        }
    }

    private static String orderQuery(SplittableRandom random) {
        String where = random.nextInt(3) == 0 ? "" : " WHERE " + predicate(random);
        String select = new String[] {"id, g, n", "*", "g", "n, id"}[random.nextInt(4)];
        String limit = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> " LIMIT " + random.nextInt(0, 30) + " OFFSET " + random.nextInt(0, 10);
            default -> " LIMIT " + random.nextInt(0, 30);
        };
        return "SELECT " + select + " FROM %s" + where + " ORDER BY id DESC" + limit;
    }

    private static String maxQuery(SplittableRandom random) {
        return "SELECT MAX(id) FROM %s" + (random.nextInt(4) == 0 ? "" : " WHERE " + predicate(random));
    }

    private static String pairQuery(SplittableRandom random) {
        String where = switch (random.nextInt(3)) {
            case 0 -> "";
            case 1 -> " WHERE a = " + random.nextInt(8);
            default -> " WHERE a < " + random.nextInt(8) + " AND n > " + random.nextInt(10);
        };
        return random.nextInt(3) == 0 ? "SELECT MAX(a) FROM %s" + where
                : "SELECT a, b, n FROM %s" + where + " ORDER BY a DESC, b DESC LIMIT " + random.nextInt(1, 12);
    }

    private static String predicate(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> "id BETWEEN " + random.nextInt(-10, 130) + " AND " + random.nextInt(-10, 130);
            case 1 -> "id " + new String[] {"<", ">=", "<>", "<="}[random.nextInt(4)] + " " + random.nextInt(0, 130);
            case 2 -> "g = 'g" + random.nextInt(4) + "'";
            case 3 -> "n > " + random.nextInt(-20, 20);
            case 4 -> "id IN (" + random.nextInt(130) + ", " + random.nextInt(130) + ", " + random.nextInt(130) + ")";
            default -> "(n < 0 OR g IS NULL) AND id < " + random.nextInt(0, 130);
        };
    }
}
