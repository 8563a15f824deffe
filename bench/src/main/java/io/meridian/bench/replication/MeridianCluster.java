package io.meridian.bench.replication;

import io.meridian.bench.report.ClosedLoop;
import io.meridian.server.cluster.ClusterLayout;
import io.meridian.server.cluster.Topology;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A Meridian cluster started by {@code bin/meridian cluster up}: members are its nodes, the leader
 * is the node whose /status says it leads, writes are JDBC UPSERTs (the path a user takes).
 */
final class MeridianCluster implements ReplicatedCluster {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS bench_kv (k BIGINT PRIMARY KEY, v VARCHAR(1024) NOT NULL)";
    static final String UPSERT = "UPSERT INTO bench_kv VALUES (?, ?)";
    static final long CAUGHT_UP_SLOTS = 10;

    private final ClusterLayout layout;
    private final Topology topology;
    private final String restartCommand;

    MeridianCluster(Path data, String restartCommand) throws Exception {
        this.layout = new ClusterLayout(data);
        this.topology = Topology.load(layout.topologyFile().orElseThrow(() -> new IllegalArgumentException(
                "no cluster in " + data)));
        this.restartCommand = restartCommand;
    }

    @Override
    public String name() {
        return "meridian";
    }

    @Override
    public List<Integer> members() {
        return topology.nodeIds();
    }

    private Optional<String> status(int node) {
        return Http.get("http://" + topology.host() + ":" + topology.node(node).httpPort() + "/status");
    }

    @Override
    public int leader() {
        for (int node : members()) {
            Optional<String> s = status(node);
            if (s.isPresent() && s.get().contains("\"leader\":true") && s.get().contains("\"sqlReady\":true")) {
                return node;
            }
        }
        return -1;
    }

    @Override
    public ProcessHandle process(int member) throws Exception {
        return layout.process(member).orElseThrow(() -> new IllegalStateException("node " + member + " is not running"));
    }

    @Override
    public void restart(int member) throws Exception {
        Commands.run(restartCommand.replace("{node}", Integer.toString(member)));
    }

    @Override
    public String state(int member) {
        return status(member).orElse("no answer");
    }

    @Override
    public boolean caughtUp(int member) {
        int leader = leader();
        if (leader < 0) {
            return false;
        }
        Optional<Long> mine = status(member).flatMap(s -> Http.field(s, "appliedIndex")).map(Long::parseLong);
        Optional<Long> leaders = status(leader).flatMap(s -> Http.field(s, "appliedIndex")).map(Long::parseLong);
        // A restarted node counts as back once its SQL warm-up is done, as one that has run for a while would be.
        boolean warm = status(member).map(s -> !s.contains("\"sqlWarm\":false")).orElse(false);
        return warm && mine.isPresent() && leaders.isPresent() && mine.get() >= leaders.get() - CAUGHT_UP_SLOTS;
    }

    String url(List<Integer> via, long timeoutMillis) {
        return "jdbc:meridian://" + via.stream().map(n -> topology.host() + ":" + topology.node(n).clientPort())
                .collect(Collectors.joining(",")) + "/meridian?user=admin&password=admin&connectTimeout=" + timeoutMillis
                + "&socketTimeout=" + timeoutMillis;
    }

    void createTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(List.of(leader()), 10_000)); Statement s = c.createStatement()) {
            s.execute(TABLE);
        }
    }

    @Override
    public ClosedLoop.Operation writer(int client, int valueBytes, List<Integer> via, long timeoutMillis)
            throws SQLException {
        Connection connection = DriverManager.getConnection(url(via, timeoutMillis));
        PreparedStatement upsert = connection.prepareStatement(UPSERT);
        SplittableRandom random = new SplittableRandom(client);
        long base = client * 1_000_000L;
        return new ClosedLoop.Operation() {
            long n;

            @Override
            public void run() throws SQLException {
                upsert.setLong(1, base + n++ % Values.KEYS_PER_CLIENT);
                upsert.setString(2, Values.next(random, valueBytes));
                if (upsert.executeUpdate() != 1) {
                    throw new IllegalStateException("UPSERT did not report one row");
                }
            }

            @Override
            public void close() throws SQLException {
                connection.close();
            }
        };
    }

    @Override
    public String timers() {
        return ClusterTimers.describe();
    }
}
