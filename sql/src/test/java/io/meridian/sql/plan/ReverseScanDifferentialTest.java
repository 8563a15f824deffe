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
 * reading the table's heap twin: the same rows, written by the same statements, in a table with a
 * hidden row id, whose scans have no key order to read backwards (the gateway sorts, limits and
 * aggregates: the oracle). {@code -Dreverse.rounds=N} runs more.
 */
class ReverseScanDifferentialTest {
    static final long SEED = 20261127L;
    static final int ROWS = 120;
    static final int ROUNDS = Integer.getInteger("reverse.rounds", 4);
    static final int QUERIES_PER_ROUND = 8;

    @Test
    void descendingScansMatchTheGateway() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        TableDef shape = new TableDef(SplitTabletScanTest.FIRST_TABLE_ID, "T",
                List.of(new ColumnDef("ID", SqlTypeName.INTEGER, -1, -1, false, null)), List.of(0));
        TestDatabase db = new TestDatabase(1_000, List.of(KeyCodec.primaryKey(shape, new Object[] {40}),
                KeyCodec.primaryKey(shape, new Object[] {80})));
        try (SqlSession session = db.engine.openSession()) {
            for (String table : new String[] {"t", "t_heap"}) {
                run(session, "CREATE TABLE " + table + " (id INTEGER" + key(table, " PRIMARY KEY") + ", g VARCHAR(5), n INTEGER)");
            }
            // Commits are single-tablet: indexed tables live in the last tablet with their index entries.
            for (String table : new String[] {"u", "u_heap"}) {
                run(session, "CREATE TABLE " + table + " (id INTEGER" + key(table, " PRIMARY KEY") + ", n INTEGER)");
            }
            for (String table : new String[] {"p", "p_heap"}) {
                run(session, "CREATE TABLE " + table + " (a INTEGER, b BIGINT, n INTEGER" + key(table, ", PRIMARY KEY (a, b)") + ")");
            }
            run(session, "CREATE INDEX u_n ON u (n)");
            run(session, "CREATE INDEX p_n ON p (n DESC)");
            TreeSet<Integer> ids = new TreeSet<>();
            for (int id = 0; id < ROWS; id += 1 + random.nextInt(2)) { // one row per statement: three tablets
                both(session, "t", "INSERT INTO %s VALUES (?, ?, ?)", id, random.nextInt(6) == 0 ? null : "g" + random.nextInt(4),
                        random.nextInt(5) == 0 ? null : random.nextInt(-20, 20));
                ids.add(id);
            }
            for (int id = 0; id < 60; id++) {
                both(session, "u", "INSERT INTO %s VALUES (?, ?)", id, random.nextInt(6) == 0 ? null : random.nextInt(-20, 20));
            }
            for (int a = 0; a < 6; a++) {
                for (int b = -3; b < 4; b += 1 + random.nextInt(3)) {
                    both(session, "p", "INSERT INTO %s VALUES (?, ?, ?)", a, (long) b, random.nextInt(10));
                }
            }
            int pushed = 0;
            int queries = 0;
            for (int round = 0; round < ROUNDS; round++) {
                run(session, "BEGIN");
                String writes = ownWrites(session, random, ids);
                for (int q = 0; q < QUERIES_PER_ROUND; q++, queries++) {
                    int dice = random.nextInt(8);
                    String table = dice < 2 ? "p" : dice < 4 ? "u" : "t";
                    String sql = dice < 2 ? pairQuery(random) : dice < 4 ? indexQuery(random)
                            : dice < 5 ? maxQuery(random) : orderQuery(random);
                    String plan = TestDatabase.explain(session, String.format(sql, table));
                    String expected = outcome(session, String.format(sql, table + "_heap"));
                    String actual = outcome(session, String.format(sql, table));
                    assertEquals(expected, actual, "seed " + SEED + " round " + round + " query " + q + ": " + sql
                            + "\nown writes: " + writes + "\n" + plan);
                    if (q == 0) {
                        String oraclePlan = TestDatabase.explain(session, String.format(sql, table + "_heap"));
                        assertFalse(oraclePlan.contains("direction=[DESC]"), "oracle pushed: " + oraclePlan);
                    }
                    pushed += plan.contains("direction=[DESC]") ? 1 : 0;
                }
                run(session, "ROLLBACK");
            }
            assertTrue(pushed > queries / 2, pushed + " reverse scans in " + queries + " queries");
        }
    }

    /** The key clause of the tested table; its heap twin has none (a hidden row id: no key order to read backwards). */
    private static String key(String table, String clause) {
        return table.endsWith("_heap") ? "" : clause;
    }

    /** Runs {@code sql} (its table a %s) on {@code table} and on its heap twin. */
    private static void both(SqlSession session, String table, String sql, Object... parameters) throws SqlStateException {
        run(session, String.format(sql, table), parameters);
        run(session, String.format(sql, table + "_heap"), parameters);
    }

    /** Uncommitted inserts, updates and deletes all over the key range; returns what they were. */
    private static String ownWrites(SqlSession session, SplittableRandom random, TreeSet<Integer> ids) throws Exception {
        List<String> done = new ArrayList<>();
        TreeSet<Integer> present = new TreeSet<>(ids); // as this transaction sees it
        for (int i = 0; i < 6; i++) {
            int id = random.nextInt(-5, ROWS + 10);
            String sql;
            if (!present.contains(id)) {
                sql = "INSERT INTO %s VALUES (" + id + ", 'own', " + random.nextInt(-20, 20) + ")";
                present.add(id);
            } else if (random.nextBoolean()) {
                sql = "DELETE FROM %s WHERE id = " + id;
                present.remove(id);
            } else {
                sql = "UPDATE %s SET n = " + random.nextInt(-20, 20) + ", g = 'upd' WHERE id = " + id;
            }
            both(session, "t", sql);
            done.add(sql);
        }
        for (int i = 0; i < 3; i++) {
            both(session, "u", "UPDATE %s SET n = " + (random.nextInt(5) == 0 ? "NULL" : random.nextInt(-20, 20))
                    + " WHERE id = " + random.nextInt(60));
        }
        both(session, "u", "DELETE FROM %s WHERE id = " + random.nextInt(60));
        both(session, "u", "INSERT INTO %s VALUES (" + random.nextInt(60, 99) + ", " + random.nextInt(-20, 20) + ")");
        both(session, "p", "DELETE FROM %s WHERE a = " + random.nextInt(6) + " AND b = " + random.nextInt(-3, 4));
        both(session, "p", "INSERT INTO %s VALUES (" + random.nextInt(6, 8) + ", " + random.nextInt(-3, 4) + ", "
                + random.nextInt(10) + ")");
        both(session, "p", "UPDATE %s SET n = " + random.nextInt(10) + " WHERE a = " + random.nextInt(6));
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

    /** Over the ascending index u_n, read backwards; NULLs of n come last, as ORDER BY n DESC puts them. */
    private static String indexQuery(SplittableRandom random) {
        String where = switch (random.nextInt(4)) {
            case 0 -> "n > " + random.nextInt(-20, 20);
            case 1 -> "n BETWEEN " + random.nextInt(-20, 0) + " AND " + random.nextInt(0, 20);
            case 2 -> "n IN (" + random.nextInt(-20, 20) + ", " + random.nextInt(-20, 20) + ", " + random.nextInt(-20, 20) + ")";
            default -> "(n IS NULL OR n < " + random.nextInt(-20, 20) + ")";
        };
        if (random.nextInt(3) == 0) {
            return "SELECT MAX(n) FROM %s WHERE " + where;
        }
        String limit = random.nextBoolean() ? "" : " LIMIT " + random.nextInt(0, 20);
        return "SELECT id, n FROM %s WHERE " + where + " ORDER BY n DESC, id DESC" + limit;
    }

    /** A composite key read backwards, and the descending index p_n read backwards (ascending n, keys descending). */
    private static String pairQuery(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            String points = "n IN (" + random.nextInt(10) + ", " + random.nextInt(10) + ")";
            return random.nextBoolean() ? "SELECT MIN(n) FROM %s WHERE " + points
                    : "SELECT a, b, n FROM %s WHERE " + points + " ORDER BY n, a DESC, b DESC LIMIT " + random.nextInt(1, 8);
        }
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
