package io.meridian.sql.plan;

import io.meridian.sql.SqlSession;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Warm latency (median of alternating rounds) of aggregates computed per tablet piece (pushed), next to the same aggregates over
 * the same rows read through {@code UNION ALL} with an empty table, which keeps them at the
 * gateway: every row decoded and handed to Calcite's aggregate, as before push-down. Four
 * in-memory tablets, so the figures are the SQL layer's cost, not Paxos' or RocksDB's.
 *
 * <pre>java -cp ... io.meridian.sql.plan.AggregateBench [rows] [iterations]</pre>
 */
public final class AggregateBench {
    static final int TABLETS = 4;
    static final int ROUNDS = 5;

    private AggregateBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        TableDef shape = new TableDef(SplitTabletScanTest.FIRST_TABLE_ID, "BENCH",
                List.of(new ColumnDef("ID", SqlTypeName.INTEGER, -1, -1, false, null)), List.of(0));
        int perTablet = rows / TABLETS;
        List<byte[]> splits = new ArrayList<>();
        for (int i = 1; i < TABLETS; i++) {
            splits.add(KeyCodec.primaryKey(shape, new Object[] {i * perTablet}));
        }
        TestDatabase db = new TestDatabase(1_000, splits);
        try (SqlSession session = db.engine.openSession()) {
            String columns = "(id INTEGER PRIMARY KEY, g VARCHAR(10), n INTEGER, d DECIMAL(10, 2))";
            TestDatabase.run(session, "CREATE TABLE bench " + columns);
            TestDatabase.run(session, "CREATE TABLE nothing " + columns);
            int batch = 500; // divides the rows per tablet: each insert commits in one tablet
            for (int start = 0; start < rows; start += batch) {
                StringBuilder values = new StringBuilder();
                for (int id = start; id < Math.min(rows, start + batch); id++) {
                    values.append(id > start ? ", " : "").append("(").append(id).append(", 'g").append(id % 10).append("', ")
                            .append(id % 7 == 0 ? "NULL" : Integer.toString(id % 1000)).append(", ").append(id % 100).append(".25)");
                }
                TestDatabase.run(session, "INSERT INTO bench VALUES " + values);
            }
            String[] queries = {"SELECT COUNT(*) FROM %s", "SELECT COUNT(n), SUM(n), MIN(d), MAX(d) FROM %s WHERE id >= 100",
                "SELECT g, COUNT(*), SUM(n), AVG(d) FROM %s GROUP BY g"};
            System.out.printf("median of %d alternating rounds of %d executions each%n", ROUNDS, iterations);
            String gateway = "(SELECT * FROM bench UNION ALL SELECT * FROM nothing) q";
            for (String query : queries) {
                String pushed = String.format(query, "bench");
                String baseline = String.format(query, gateway);
                if (!TestDatabase.rows(session, pushed).equals(TestDatabase.rows(session, baseline))) {
                    throw new IllegalStateException("results differ: " + pushed);
                }
                System.out.println(TestDatabase.explain(session, pushed).strip());
                measure(session, pushed, iterations); // warm-up
                measure(session, baseline, iterations);
                double[] inScanRounds = new double[ROUNDS];
                double[] atGatewayRounds = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) { // alternating, so load swings hit both
                    inScanRounds[round] = measure(session, pushed, iterations);
                    atGatewayRounds[round] = measure(session, baseline, iterations);
                }
                double inScan = median(inScanRounds);
                double atGateway = median(atGatewayRounds);
                System.out.printf("%s, %d rows in %d tablets: %.2f ms/op pushed vs %.2f ms/op at the gateway; ratio %.2fx%n%n",
                        pushed, rows, TABLETS, inScan, atGateway, atGateway / inScan);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Mean milliseconds per execution. */
    private static double measure(SqlSession session, String sql, int iterations) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            TestDatabase.run(session, sql);
        }
        return (System.nanoTime() - start) / 1e6 / iterations;
    }
}
