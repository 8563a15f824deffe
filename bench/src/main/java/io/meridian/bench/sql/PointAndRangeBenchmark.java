package io.meridian.bench.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 6: a prepared primary-key point select and a 100-row primary-key range scan through
 * JDBC, on the embedded Meridian database and on H2 in embedded file mode, same statements,
 * same rows. Sample time, so the table shows the mean and the p50/p99 of single executions.
 * Each execution checks its answer (one row with the expected name; exactly the 100 ids
 * asked for), so an engine cannot win by returning less. Run through {@link SqlVersusH2}
 * ({@code bench/sql-vs-h2.sh}), which prints the Meridian/H2 ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class PointAndRangeBenchmark {
    /** Where the databases live; {@link SqlVersusH2} sets it so that its forks share one load. */
    static final String DIR_PROPERTY = "bench.sql.dir";

    @Param({"meridian", "h2"})
    public String engine;

    @Param({"20000"})
    public int rows;

    Path parent;
    boolean ownsParent;

    @Setup(Level.Trial)
    public void load() throws Exception {
        String dir = System.getProperty(DIR_PROPERTY);
        ownsParent = dir == null;
        parent = ownsParent ? Files.createTempDirectory("meridian-bench-sql-") : Path.of(dir);
        SqlDataset.prepare(engine, parent, rows);
    }

    @TearDown(Level.Trial)
    public void deleteIfOwned() throws Exception {
        if (ownsParent) {
            SqlFiles.deleteTree(parent);
        }
    }

    /** One JDBC connection per benchmark thread, statements prepared once. */
    @State(Scope.Thread)
    public static class Client {
        Connection connection;
        PreparedStatement point;
        PreparedStatement range;
        SplittableRandom random;
        int rows;

        @Setup(Level.Trial)
        public void open(PointAndRangeBenchmark benchmark) throws SQLException {
            rows = benchmark.rows;
            connection = DriverManager.getConnection(SqlDataset.url(benchmark.engine, benchmark.parent, rows));
            point = connection.prepareStatement(SqlDataset.POINT_SELECT);
            range = connection.prepareStatement(SqlDataset.RANGE_SELECT);
            random = new SplittableRandom(42);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    @Benchmark
    public void pointSelect(Client client, Blackhole sink) throws SQLException {
        long id = client.random.nextInt(client.rows);
        client.point.setLong(1, id);
        try (ResultSet r = client.point.executeQuery()) {
            if (!r.next()) {
                throw new IllegalStateException("no row for id " + id);
            }
            String name = r.getString(1);
            if (!name.endsWith(Long.toString(id))) {
                throw new IllegalStateException("id " + id + " returned name " + name);
            }
            sink.consume(name);
            sink.consume(r.getDouble(2));
            if (r.next()) {
                throw new IllegalStateException("two rows for id " + id);
            }
        }
    }

    @Benchmark
    public void rangeScan100(Client client, Blackhole sink) throws SQLException {
        long start = client.random.nextInt(client.rows - SqlDataset.RANGE_ROWS);
        client.range.setLong(1, start);
        client.range.setLong(2, start + SqlDataset.RANGE_ROWS);
        // SQL promises no order without ORDER BY: check the set (distinct keys, so count + bounds + sum).
        int n = 0;
        long sum = 0;
        try (ResultSet r = client.range.executeQuery()) {
            while (r.next()) {
                long id = r.getLong(1);
                if (id < start || id >= start + SqlDataset.RANGE_ROWS) {
                    throw new IllegalStateException("range from " + start + " returned id " + id);
                }
                sum += id;
                sink.consume(r.getString(2));
                sink.consume(r.getDouble(3));
                n++;
            }
        }
        long expectedSum = SqlDataset.RANGE_ROWS * start + SqlDataset.RANGE_ROWS * (SqlDataset.RANGE_ROWS - 1) / 2;
        if (n != SqlDataset.RANGE_ROWS || sum != expectedSum) {
            throw new IllegalStateException("range from " + start + " returned " + n + " rows, id sum " + sum);
        }
    }
}
