package io.meridian.bench.client;

import io.meridian.bench.report.ClosedLoop;
import io.meridian.bench.report.TextTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Issue 7: client round trips over loopback, Meridian's node server through its JDBC driver
 * next to PostgreSQL through pgJDBC, in one run. Two operations: {@code SELECT 1} through a
 * plain Statement, and a prepared primary-key lookup on a table both servers hold with the same
 * rows. Each client thread has its own connection and runs a closed loop; every answer is
 * checked. For each (operation, threads) cell the two servers run back to back.
 * <pre>
 *   --meridian-url URL --postgres-url URL [--threads 1,16] [--rows 10000]
 *   [--warmup-seconds 3] [--measure-seconds 10]
 * </pre>
 */
public final class ClientRoundTrip {
    static final String CREATE = "CREATE TABLE bench_kv (id BIGINT PRIMARY KEY, v VARCHAR(100) NOT NULL)";
    static final String LOOKUP = "SELECT v FROM bench_kv WHERE id = ?";
    static final int ROWS_PER_COMMIT = 1000;

    private ClientRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("meridian", required(options, "--meridian-url"));
        servers.put("postgres", required(options, "--postgres-url"));
        int rows = Integer.parseInt(options.getOrDefault("--rows", "10000"));
        double warmup = Double.parseDouble(options.getOrDefault("--warmup-seconds", "3"));
        double measure = Double.parseDouble(options.getOrDefault("--measure-seconds", "10"));
        List<Integer> threadCounts = new ArrayList<>();
        for (String t : options.getOrDefault("--threads", "1,16").split(",")) {
            threadCounts.add(Integer.parseInt(t.trim()));
        }
        Map<String, String> versions = new HashMap<>();
        for (Map.Entry<String, String> server : servers.entrySet()) {
            versions.put(server.getKey(), load(server.getValue(), rows));
        }

        TextTable table = new TextTable("operation", "threads", "server", "p50 us", "p99 us", "mean us", "ops/s", "errors");
        TextTable ratios = new TextTable("operation", "threads", "p50", "p99", "throughput");
        for (String operation : List.of("select1", "pkLookup")) {
            for (int threads : threadCounts) {
                Map<String, ClosedLoop.Outcome> outcomes = new HashMap<>();
                for (Map.Entry<String, String> server : servers.entrySet()) {
                    String url = server.getValue();
                    ClosedLoop.Outcome o = ClosedLoop.run(i -> operation(operation, url, rows, i), threads, warmup, measure);
                    outcomes.put(server.getKey(), o);
                    table.row(operation, threads, server.getKey(), TextTable.number(o.latencies().percentileMicros(0.50)),
                            TextTable.number(o.latencies().percentileMicros(0.99)), TextTable.number(o.latencies().meanMicros()),
                            TextTable.number(o.throughput()), o.errors());
                    if (o.firstError() != null) {
                        System.err.println(server.getKey() + " " + operation + " x" + threads + " first error: " + o.firstError());
                    }
                }
                ClosedLoop.Outcome m = outcomes.get("meridian");
                ClosedLoop.Outcome p = outcomes.get("postgres");
                ratios.row(operation, threads,
                        TextTable.ratio(m.latencies().percentileMicros(0.50), p.latencies().percentileMicros(0.50)),
                        TextTable.ratio(m.latencies().percentileMicros(0.99), p.latencies().percentileMicros(0.99)),
                        TextTable.ratio(m.throughput(), p.throughput()));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Client round trips over loopback, %s vs %s, %d-row table, %.0f s measured per cell"
                + " after %.0f s warm-up, %s%n", versions.get("meridian"), versions.get("postgres"), rows, measure, warmup,
                Instant.now());
        System.out.print(table);
        System.out.println();
        System.out.println("Meridian/PostgreSQL (latency: goal <= 1x; throughput: goal >= 1x)");
        System.out.print(ratios);
    }

    /** Creates and fills bench_kv (replacing an older one); returns the server's name and version. */
    static String load(String url, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_kv");
                s.execute(CREATE);
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_kv VALUES (?, ?)")) {
                for (int id = 0; id < rows; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, value(id));
                    insert.addBatch();
                    if ((id + 1) % ROWS_PER_COMMIT == 0 || id == rows - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM bench_kv")) {
                r.next();
                if (r.getLong(1) != rows) {
                    throw new IllegalStateException(url + " holds " + r.getLong(1) + " rows after loading " + rows);
                }
            }
            return product(c, url);
        }
    }

    /** Name and version from DatabaseMetaData, or the URL scheme where the driver has none yet. */
    static String product(Connection c, String url) {
        try {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException | UnsupportedOperationException e) {
            return url.replaceAll("^jdbc:([a-z]+):.*", "$1");
        }
    }

    static String value(long id) {
        return String.format(Locale.ROOT, "value-%010d", id);
    }

    static ClosedLoop.Operation operation(String name, String url, int rows, int client) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        return switch (name) {
            case "select1" -> new SelectOne(c);
            case "pkLookup" -> new Lookup(c, rows, new SplittableRandom(client));
            default -> throw new IllegalArgumentException("unknown operation " + name);
        };
    }

    private static final class SelectOne implements ClosedLoop.Operation {
        final Connection connection;
        final Statement statement;

        SelectOne(Connection connection) throws SQLException {
            this.connection = connection;
            this.statement = connection.createStatement();
        }

        @Override
        public void run() throws SQLException {
            try (ResultSet r = statement.executeQuery("SELECT 1")) {
                if (!r.next() || r.getInt(1) != 1) {
                    throw new IllegalStateException("SELECT 1 did not return 1");
                }
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    private static final class Lookup implements ClosedLoop.Operation {
        final Connection connection;
        final PreparedStatement lookup;
        final SplittableRandom random;
        final int rows;

        Lookup(Connection connection, int rows, SplittableRandom random) throws SQLException {
            this.connection = connection;
            this.lookup = connection.prepareStatement(LOOKUP);
            this.random = random;
            this.rows = rows;
        }

        @Override
        public void run() throws SQLException {
            long id = random.nextInt(rows);
            lookup.setLong(1, id);
            try (ResultSet r = lookup.executeQuery()) {
                if (!r.next() || !r.getString(1).equals(value(id))) {
                    throw new IllegalStateException("lookup of id " + id + " returned a wrong or no row");
                }
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
