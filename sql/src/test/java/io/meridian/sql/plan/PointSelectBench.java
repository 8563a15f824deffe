package io.meridian.sql.plan;

import io.meridian.sql.SqlSession;
import io.meridian.sql.StatementResult;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Warm latency of a prepared primary-key point select through {@link SqlSession}, next to a
 * baseline measured in the same run: the same lookup written so no key range can be derived
 * ({@code id + 0 = ?}), i.e. what every query did before push-down (a full scan filtered in
 * Calcite). Also the first execution on a fresh session (parse, validate, plan, run). An
 * in-memory tablet, so the figures are the SQL layer's cost, not Paxos' or RocksDB's.
 *
 * <pre>java -cp ... io.meridian.sql.plan.PointSelectBench [rows] [iterations]</pre>
 */
public final class PointSelectBench {
    private PointSelectBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        TestDatabase db = new TestDatabase(1_000);
        try (SqlSession session = db.engine.openSession()) {
            TestDatabase.run(session, "CREATE TABLE bench (id INTEGER PRIMARY KEY, name VARCHAR(20), score DOUBLE)");
            int batch = 500;
            for (int start = 0; start < rows; start += batch) {
                StringBuilder values = new StringBuilder();
                for (int id = start; id < Math.min(rows, start + batch); id++) {
                    values.append(id > start ? ", " : "").append("(").append(id).append(", 'name").append(id).append("', ")
                            .append(id * 0.5).append(")");
                }
                TestDatabase.run(session, "INSERT INTO bench VALUES " + values);
            }
            String point = "SELECT name, score FROM bench WHERE id = ?";
            String scan = "SELECT name, score FROM bench WHERE id + 0 = ?";
            System.out.println(TestDatabase.explain(session, point, 1).strip());
            try (SqlSession fresh = db.engine.openSession()) {
                long t0 = System.nanoTime();
                TestDatabase.run(fresh, point, 7);
                System.out.printf("first execution on a new session (parse+plan+run): %.3f ms%n", (System.nanoTime() - t0) / 1e6);
            }
            double pushed = measure(session, point, rows, iterations);
            double full = measure(session, scan, rows, Math.max(20, iterations / Math.max(1, rows / 10)));
            System.out.printf("prepared point select, %d rows, warm: %.1f us/op (key lookup) vs %.1f us/op (full scan + filter)"
                    + "; ratio %.1fx%n", rows, pushed, full, full / pushed);
        }
    }

    /** Mean microseconds per execution after a warm-up of the same length. */
    private static double measure(SqlSession session, String sql, int rows, int iterations) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < iterations; i++) {
            check(TestDatabase.run(session, sql, random.nextInt(rows)));
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            check(TestDatabase.run(session, sql, random.nextInt(rows)));
        }
        return (System.nanoTime() - start) / 1e3 / iterations;
    }

    private static void check(StatementResult result) {
        List<Object[]> rows = result.rows();
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size());
        }
    }
}
