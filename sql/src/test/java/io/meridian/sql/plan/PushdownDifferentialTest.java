package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded differential test: random predicates over a table with a composite primary key and
 * secondary indexes (where they are pushed into key and index ranges) must return exactly what
 * the same predicates return over a copy of the rows in a table without key or index (a full
 * scan with Calcite's filter: the oracle). {@code -Dpushdown.queries=N} runs more.
 */
class PushdownDifferentialTest {
    static final long SEED = 20261126L;
    static final int ROWS = 150;
    static final int QUERIES = Integer.getInteger("pushdown.queries", 120);
    private static final String[] STRINGS = {"", "a", "ab", "abc", "b", "ba", "z\u00e9", "\u00e9t\u00e9", "\uD83D\uDE00x"};

    @Test
    void pushedDownQueriesMatchTheFullScanOracle() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        try (SqlSession session = new TestDatabase(1_000).engine.openSession()) {
            String columns = "(a INTEGER NOT NULL, b VARCHAR(10) NOT NULL, c DOUBLE, d DECIMAL(8, 2), e BIGINT";
            run(session, "CREATE TABLE t " + columns + ", PRIMARY KEY (a, b))");
            run(session, "CREATE INDEX t_e ON t (e)");
            run(session, "CREATE INDEX t_cd ON t (c, d)");
            run(session, "CREATE INDEX t_be ON t (b DESC, e)");
            run(session, "CREATE TABLE oracle " + columns + ")");
            insertRows(session, random);
            int pushed = 0;
            for (int q = 0; q < QUERIES; q++) {
                String select = new String[] {"e, b", "d, c", "a, b, c, d, e", "e", "c"}[random.nextInt(5)];
                String where = predicate(random, 2);
                String sql = "SELECT " + select + " FROM %s WHERE " + where;
                List<String> expected = sorted(rows(session, String.format(sql, "oracle")));
                List<String> actual = sorted(rows(session, String.format(sql, "t")));
                String plan = TestDatabase.explain(session, String.format(sql, "t"));
                assertEquals(expected, actual, "seed " + SEED + " query " + q + ": " + sql + "\n" + plan);
                if (plan.contains("range=[/T/")) {
                    pushed++;
                }
            }
            assertTrue(pushed > QUERIES / 4, "only " + pushed + " of " + QUERIES + " queries used key ranges");
            for (int q = 0; q < QUERIES / 4; q++) {
                int a = random.nextInt(-3, 14);
                String b = STRINGS[random.nextInt(STRINGS.length)];
                String sql = "SELECT a, b, e FROM %s WHERE a = ? AND b >= ? OR e BETWEEN ? AND ?";
                long low = random.nextInt(-2, 8);
                Object[] parameters = {a, b, low, low + random.nextInt(3)};
                assertEquals(sorted(rows(session, String.format(sql, "oracle"), parameters)),
                        sorted(rows(session, String.format(sql, "t"), parameters)), sql + " with " + List.of(parameters));
            }
        }
    }

    private static void insertRows(SqlSession session, SplittableRandom random) throws Exception {
        Set<String> keys = new HashSet<>();
        while (keys.size() < ROWS) {
            int a = random.nextInt(-3, 14);
            String b = STRINGS[random.nextInt(STRINGS.length)];
            if (!keys.add(a + "/" + b)) {
                continue;
            }
            Double c = random.nextInt(6) == 0 ? null : random.nextInt(8) == 0 ? -0.0 : random.nextInt(-8, 8) / 2.0;
            BigDecimal d = random.nextInt(6) == 0 ? null : BigDecimal.valueOf(random.nextInt(-400, 400), 2);
            Long e = random.nextInt(6) == 0 ? null : (long) random.nextInt(-2, 9);
            // Parameters: SQL literals cannot hold characters outside ISO-8859-1 (a Calcite limit).
            run(session, "INSERT INTO t VALUES (?, ?, ?, ?, ?)", a, b, c, d, e);
            run(session, "INSERT INTO oracle VALUES (?, ?, ?, ?, ?)", a, b, c, d, e);
        }
    }

    private static String predicate(SplittableRandom random, int depth) {
        int choice = random.nextInt(depth > 0 ? 10 : 7);
        if (choice >= 7) {
            String op = choice == 7 ? " AND " : choice == 8 ? " OR " : null;
            if (op == null) {
                return "NOT (" + predicate(random, depth - 1) + ")";
            }
            return "(" + predicate(random, depth - 1) + op + predicate(random, depth - 1) + ")";
        }
        String column = "abcde".substring(random.nextInt(5)).substring(0, 1);
        if (random.nextInt(4) == 0) {
            column = "a"; // the leading key column, most often useful
        }
        return switch (random.nextInt(5)) {
            case 0 -> column + " IN (" + literal(random, column) + ", " + literal(random, column) + ", " + literal(random, column) + ")";
            case 1 -> column + " BETWEEN " + literal(random, column) + " AND " + literal(random, column);
            case 2 -> random.nextInt(4) == 0 ? column + " IS NULL" : column + " = " + literal(random, column);
            default -> column + " " + new String[] {"<", "<=", ">", ">=", "<>"}[random.nextInt(5)] + " " + literal(random, column);
        };
    }

    private static String literal(SplittableRandom random, String column) {
        if (random.nextInt(25) == 0) {
            return "NULL";
        }
        if (column.equals("b")) {
            return "'" + STRINGS[random.nextInt(STRINGS.length - 1)] + "'"; // the last one only as a parameter
        }
        int n = random.nextInt(-4, 15);
        return switch (random.nextInt(4)) {
            case 0 -> n + ".5";
            case 1 -> column.equals("c") ? n + "E0" : String.valueOf(n);
            default -> String.valueOf(n);
        };
    }

    private static List<String> sorted(List<String> rows) {
        List<String> out = new ArrayList<>(rows);
        out.sort(null);
        return out;
    }
}
