package io.meridian.bench.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One transaction that inserts N rows (batched statements, one COMMIT), for growing N, in the
 * embedded Meridian database and in H2 (file mode) in the same run: the time per row must stay
 * flat as N grows (a lock table that scanned every held lock made it grow with N: 40,000 rows
 * took a minute). Prints milliseconds, microseconds per row and the Meridian/H2 ratio per N;
 * each N runs {@code --repeats} times on a fresh table, the median kept.
 *   java ... io.meridian.bench.sql.LargeTransactionBench [--rows 5000,10000,20000,40000] [--repeats 3]
 * Run through {@code bench/large-txn.sh}. Not part of the build or CI.
 */
public final class LargeTransactionBench {
    private LargeTransactionBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(5_000, 10_000, 20_000, 40_000);
        int repeats = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> sizes = parseSizes(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --rows N,N,... --repeats R");
            }
        }
        Path parent = Files.createTempDirectory("meridian-bench-large-txn-");
        try (Connection meridian = DriverManager.getConnection("jdbc:meridian:embedded:" + parent.resolve("meridian"));
                Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + parent.resolve("h2").resolve("h2"))) {
            System.out.printf(Locale.ROOT, "One transaction inserting N rows, median of %d, Meridian embedded vs H2 file mode%n",
                    repeats);
            System.out.printf(Locale.ROOT, "%8s %12s %12s %12s %12s %8s%n", "rows", "meridian ms", "us/row", "h2 ms", "us/row",
                    "ratio");
            int table = 0;
            for (int rows : sizes) {
                double[] m = new double[repeats];
                double[] h = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    table++;
                    m[r] = loadMillis(meridian, "t" + table, rows);
                    h[r] = loadMillis(h2, "t" + table, rows);
                }
                double mm = median(m);
                double hm = median(h);
                System.out.printf(Locale.ROOT, "%8d %12.0f %12.1f %12.0f %12.1f %7.2fx%n", rows, mm, mm * 1000 / rows, hm,
                        hm * 1000 / rows, mm / hm);
            }
        } finally {
            SqlFiles.deleteTree(parent);
        }
    }

    /** Creates the table, inserts {@code rows} rows in one transaction, commits, checks the count. */
    private static double loadMillis(Connection c, String table, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(32) NOT NULL)");
        }
        c.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                insert.setLong(1, i);
                insert.setString(2, "name" + i);
                insert.addBatch();
                if (i % 1_000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        c.commit();
        double millis = (System.nanoTime() - start) / 1e6;
        c.setAutoCommit(true);
        try (Statement s = c.createStatement(); ResultSet count = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            count.next();
            if (count.getLong(1) != rows) {
                throw new IllegalStateException(table + " holds " + count.getLong(1) + " rows, expected " + rows);
            }
        }
        return millis;
    }

    private static List<Integer> parseSizes(String list) {
        List<Integer> out = new ArrayList<>();
        for (String n : list.split(",")) {
            out.add(Integer.parseInt(n.trim()));
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
