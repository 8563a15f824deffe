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
 * Issue 6, descending scans: "the latest 10 rows before a cursor" ({@code WHERE id < ? ORDER BY
 * id DESC LIMIT 10}, keyset pagination from the newest end) and {@code MAX(id)} below a bound,
 * through JDBC on the embedded Meridian database and on H2 (file mode), same rows
 * ({@link SqlDataset}). The bound is drawn at random from the newest 1,000 ids, so no engine can
 * answer from a cached result of the previous execution (H2 reuses the result of a repeated
 * identical query on an unchanged table). {@code latest10Sorted} asks for the same rows ordered
 * by {@code -id}, which no engine can read from its key order: the full scan plus sort that
 * {@code latest10} cost before reverse scans, as a baseline measured in the same run. Every
 * execution checks its answer. Run through {@link DescendingVersusH2} ({@code bench/desc-vs-h2.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DescendingScanBenchmark {
    static final String LATEST = "SELECT id, name, balance FROM accounts WHERE id < ? ORDER BY id DESC LIMIT 10";
    static final String LATEST_SORTED = "SELECT id, name, balance FROM accounts WHERE id < ? ORDER BY -id LIMIT 10";
    static final String MAX = "SELECT MAX(id) FROM accounts WHERE id < ?";
    static final int LATEST_ROWS = 10;
    /** The bound of each execution is one of the newest ids, at most this far from the end. */
    static final int BOUND_SPREAD = 1_000;

    @Param({"meridian", "h2"})
    public String engine;

    @Param({"20000"})
    public int rows;

    Path parent;
    boolean ownsParent;

    @Setup(Level.Trial)
    public void load() throws Exception {
        String dir = System.getProperty(PointAndRangeBenchmark.DIR_PROPERTY);
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
        PreparedStatement latest;
        PreparedStatement latestSorted;
        PreparedStatement max;
        SplittableRandom random;
        int rows;

        /** A random exclusive upper bound among the newest ids, with at least 10 rows below it. */
        long bound() {
            return rows - random.nextInt(Math.min(BOUND_SPREAD, rows - LATEST_ROWS));
        }

        @Setup(Level.Trial)
        public void open(DescendingScanBenchmark benchmark) throws SQLException {
            rows = benchmark.rows;
            connection = DriverManager.getConnection(SqlDataset.url(benchmark.engine, benchmark.parent, rows));
            latest = connection.prepareStatement(LATEST);
            latestSorted = connection.prepareStatement(LATEST_SORTED);
            max = connection.prepareStatement(MAX);
            random = new SplittableRandom(42);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    @Benchmark
    public void latest10(Client client, Blackhole sink) throws SQLException {
        readLatest(client.latest, client.bound(), sink);
    }

    @Benchmark
    public void latest10Sorted(Client client, Blackhole sink) throws SQLException {
        readLatest(client.latestSorted, client.bound(), sink);
    }

    @Benchmark
    public void maxId(Client client, Blackhole sink) throws SQLException {
        long bound = client.bound();
        client.max.setLong(1, bound);
        try (ResultSet r = client.max.executeQuery()) {
            if (!r.next() || r.getLong(1) != bound - 1) {
                throw new IllegalStateException("MAX(id) below " + bound + " is not " + (bound - 1));
            }
            sink.consume(r.getLong(1));
        }
    }

    /** The 10 highest ids below {@code bound}, highest first, or an exception. */
    private static void readLatest(PreparedStatement statement, long bound, Blackhole sink) throws SQLException {
        statement.setLong(1, bound);
        long expected = bound - 1;
        try (ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                if (r.getLong(1) != expected) {
                    throw new IllegalStateException("expected id " + expected + ", got " + r.getLong(1));
                }
                sink.consume(r.getString(2));
                sink.consume(r.getDouble(3));
                expected--;
            }
        }
        if (expected != bound - 1 - LATEST_ROWS) {
            throw new IllegalStateException("below " + bound + " returned " + (bound - 1 - expected) + " rows, not " + LATEST_ROWS);
        }
    }
}
