package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real three-process cluster on loopback, one node per simulated region: SQL through every
 * region's gateway, the leader killed (SIGKILL), a new leader elected, no acknowledged write
 * lost, the killed node restarted and caught up, leadership handed back to it by a leader
 * transfer. Bounded: every wait has a deadline.
 */
class ClusterIT {
    static final long WAIT_SECONDS_MAX = 60;
    /** Generous: on a quiet machine the first write after SIGKILL of the leader lands in about 1 s. */
    static final long FIRST_WRITE_SECONDS_MAX = 10;

    @TempDir
    Path dir;

    private final Map<Integer, Process> nodes = new TreeMap<>();
    private int base;

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process p : nodes.values()) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Path topology() throws IOException {
        base = freePortBlock();
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: it
                host: 127.0.0.1
                ports: {client_base: %d, peer_base: %d, http_base: %d}
                leader_region: east
                jitter_millis: 1
                regions:
                  - {name: east, epsilon_micros: 2000, nodes: [1]}
                  - {name: west, epsilon_micros: 2000, nodes: [2]}
                  - {name: south, epsilon_micros: 2000, nodes: [3]}
                latency_millis:
                  east: {west: 10, south: 25}
                  west: {south: 15}
                """.formatted(base, base + 10, base + 20));
        return file;
    }

    /** A base port p such that p+1..p+23 look free (three ports per node, ten apart). */
    private static int freePortBlock() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            int p = s.getLocalPort();
            return p > 60_000 ? p - 30_000 : p;
        }
    }

    private void start(Path topology, int id) throws IOException {
        Path data = dir.resolve("node-" + id);
        Files.createDirectories(data);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.meridian.server.NodeMain", "--topology",
                topology.toString(), "--node-id", Integer.toString(id), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("node.log").toFile()).start();
        nodes.put(id, p);
    }

    private String url(int id) {
        return "jdbc:meridian://127.0.0.1:" + (base + id) + "/meridian?user=admin&password=admin";
    }

    /**
     * Asks leader {@code from} to hand leadership to {@code to} (POST /transfer-leader) and waits
     * until {@code to} leads. A node that just restarted votes for nobody, itself included, for one
     * lease: retry a little.
     */
    private void transferLeadership(int from, int to) throws IOException, InterruptedException {
        if (from == to) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpResponse<String> transfer = null;
        for (int attempt = 0; attempt < 5 && (transfer == null || transfer.statusCode() != 200); attempt++) {
            if (attempt > 0) {
                TimeUnit.SECONDS.sleep(1);
            }
            transfer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 20 + from)
                    + "/transfer-leader?to=" + to)).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(200, transfer.statusCode(), transfer.body());
        assertEquals(to, awaitLeader(List.of(1, 2, 3)));
    }

    private int awaitLeader(List<Integer> candidates) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS_MAX);
        while (System.nanoTime() < deadline) {
            for (int id : candidates) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 20 + id) + "/status"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"leader\":true") && body.contains("\"sqlReady\":true")) {
                        return id;
                    }
                } catch (IOException e) {
                    // not up yet
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("no leader among " + candidates + " within " + WAIT_SECONDS_MAX + " s");
    }

    /** Waits until each node's SQL warm-up is done, as on nodes that have run for a while. */
    private void awaitWarm(List<Integer> ids) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS_MAX);
        for (int id : ids) {
            while (true) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 20 + id) + "/status"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"sqlWarm\":true")) {
                        break;
                    }
                } catch (IOException e) {
                    // answering slowly under load
                }
                assertTrue(System.nanoTime() < deadline, "node " + id + " not warmed up within " + WAIT_SECONDS_MAX + " s");
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    /** The region column of every row, sorted. */
    private static List<String> regions(String url) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT region FROM t")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        out.sort(null);
        return out;
    }

    private static long count(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    /** Retries a statement while the cluster elects a new leader (57P03 / 08006), within a bound. */
    private static void executeWithRetry(String url, String sql) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS_MAX);
        while (true) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.executeUpdate(sql);
                return;
            } catch (SQLException e) {
                boolean retryable = e.getSQLState() != null && (e.getSQLState().startsWith("08")
                        || e.getSQLState().equals("57P03") || e.getSQLState().equals("40001"));
                if (!retryable || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    /** The fastest of a few single-row autocommit writes through a gateway, in milliseconds. */
    private static long fastestCommitMillis(String url) throws SQLException {
        long best = Long.MAX_VALUE;
        try (Connection c = DriverManager.getConnection(url);
                java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, 'timed')")) {
            for (int k = 100; k < 110; k++) {
                p.setInt(1, k);
                long start = System.nanoTime();
                p.executeUpdate();
                best = Math.min(best, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM t WHERE k >= 100");
            }
        }
        return best;
    }

    @Test
    void sqlThroughEveryRegionSurvivesLeaderCrash() throws Exception {
        Path topology = topology();
        for (int id = 1; id <= 3; id++) {
            start(topology, id);
        }
        // The preferred region's node campaigns first and the others start their timers 2 s later,
        // but three JVMs starting at once on a busy machine can still let another node win (seen
        // once in a clean CI run): placement at start is best effort, so put the leader in the
        // preferred region by hand, as a user would, before the steps that kill it.
        int leader = awaitLeader(List.of(1, 2, 3));
        if (leader != 1) {
            System.out.println("node " + leader + " won the first election; transferring leadership to node 1");
            transferLeadership(leader, 1);
        }
        executeWithRetry(url(1), "CREATE TABLE t (k INTEGER PRIMARY KEY, region VARCHAR(20))");
        List<String> acknowledged = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            executeWithRetry(url(id), "INSERT INTO t VALUES (" + id + ", 'via-" + id + "')");
            acknowledged.add("via-" + id);
        }
        for (int id = 1; id <= 3; id++) {
            assertEquals(3, count(url(id)), "every gateway sees every committed row");
        }
        long commitMillis = fastestCommitMillis(url(1));
        System.out.println("commit latency from the leader's region (east): " + commitMillis
                + " ms; round trip to the nearer majority member (west): 20 ms");
        assertTrue(commitMillis >= 20, "a commit needs a majority: at least the 20 ms round trip east-west, got "
                + commitMillis + " ms");
        // Failover: node 2's gateway relays this connection's session to node 1, which dies. The
        // next write through the same connection must succeed at once (the gateway waits for the
        // new leader and moves the idle session there), within a generous bound: not a timing test.
        awaitWarm(List.of(2, 3));
        try (Connection survivor = DriverManager.getConnection(url(2)); Statement s = survivor.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (10, 'before-crash')");
            acknowledged.add("before-crash");
            nodes.remove(1).destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            s.setQueryTimeout((int) FIRST_WRITE_SECONDS_MAX + 5);
            s.executeUpdate("INSERT INTO t VALUES (4, 'after-crash')");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            acknowledged.add("after-crash");
            System.out.println("SIGKILL of the leader -> first write acknowledged through a survivor: " + millis + " ms");
            assertTrue(millis < TimeUnit.SECONDS.toMillis(FIRST_WRITE_SECONDS_MAX), "first write after failover took "
                    + millis + " ms");
        }
        assertEquals(acknowledged.stream().sorted().toList(), regions(url(3)), "every acknowledged write survives the leader's crash");
        start(topology, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS_MAX);
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = count(url(1));
                break;
            } catch (SQLException e) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        assertEquals(5, seen, "the restarted node's gateway serves all rows, none lost");
        // Leader placement by hand: the leader hands leadership (and its lease) back to node 1.
        transferLeadership(awaitLeader(List.of(1, 2, 3)), 1);
        executeWithRetry(url(3), "INSERT INTO t VALUES (5, 'after-transfer')");
        acknowledged.add("after-transfer");
        assertEquals(acknowledged.stream().sorted().toList(), regions(url(2)), "and the transfer");
    }

    /**
     * Soak, off unless {@code -Dcluster.failover.kills=N}: two clients write continuously (each
     * through a URL naming every node, so the driver reconnects when its node dies) while the
     * leader is SIGKILLed N times, restarted and warmed up between kills. Every acknowledged
     * write must be there at the end; writes whose outcome was reported unknown may or may not be.
     */
    @Test
    void repeatedLeaderKillsUnderWritesLoseNoAcknowledgedWrite() throws Exception {
        int kills = Integer.getInteger("cluster.failover.kills", 0);
        Assumptions.assumeTrue(kills > 0, "a soak: run with -Dcluster.failover.kills=N");
        Path topology = topology();
        for (int id = 1; id <= 3; id++) {
            start(topology, id);
        }
        executeWithRetry(url(awaitLeader(List.of(1, 2, 3))), "CREATE TABLE w (k BIGINT PRIMARY KEY, writer INTEGER)");
        awaitWarm(List.of(1, 2, 3));
        String everyNode = "jdbc:meridian://127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2) + ",127.0.0.1:" + (base + 3)
                + "/meridian?user=admin&password=admin";
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lastAckNanos = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int writer = 1; writer <= 2; writer++) {
            int id = writer;
            Thread t = new Thread(() -> write(everyNode, id, acknowledged, errors, stop, lastAckNanos), "writer-" + id);
            t.start();
            writers.add(t);
        }
        long slowestMillis = 0;
        for (int kill = 0; kill < kills; kill++) {
            int leader = awaitLeader(List.of(1, 2, 3));
            nodes.remove(leader).destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            long deadline = killed + TimeUnit.SECONDS.toNanos(WAIT_SECONDS_MAX);
            while (lastAckNanos.get() < killed && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(lastAckNanos.get() - killed);
            assertTrue(lastAckNanos.get() > killed, "no write acknowledged within " + WAIT_SECONDS_MAX + " s of kill " + kill);
            slowestMillis = Math.max(slowestMillis, millis);
            System.out.println("kill " + (kill + 1) + " of node " + leader + ": next write acknowledged after " + millis + " ms");
            start(topology, leader);
            awaitWarm(List.of(leader));
        }
        stop.set(true);
        for (Thread t : writers) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS_MAX));
        }
        Set<Long> present = new HashSet<>();
        try (Connection c = DriverManager.getConnection(everyNode); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT k FROM w")) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        Set<Long> lost = new HashSet<>(acknowledged);
        lost.removeAll(present);
        System.out.println(kills + " leader kills: " + acknowledged.size() + " writes acknowledged, " + present.size()
                + " rows present, slowest first write after a kill " + slowestMillis + " ms, errors " + errors);
        assertEquals(Set.of(), lost, "acknowledged writes lost");
        assertTrue(slowestMillis < TimeUnit.SECONDS.toMillis(FIRST_WRITE_SECONDS_MAX), "a failover took " + slowestMillis + " ms");
    }

    /** One client's loop: numbered inserts, each acknowledged key remembered, errors counted by SQLState. */
    private static void write(String url, int writer, Set<Long> acknowledged, Map<String, Integer> errors, AtomicBoolean stop,
            AtomicLong lastAckNanos) {
        long key = writer * 1_000_000_000L;
        Connection c = null;
        while (!stop.get()) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url);
                }
                try (java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO w VALUES (?, ?)")) {
                    p.setLong(1, ++key);
                    p.setInt(2, writer);
                    p.setQueryTimeout((int) WAIT_SECONDS_MAX);
                    p.executeUpdate();
                }
                acknowledged.add(key);
                lastAckNanos.set(System.nanoTime());
            } catch (SQLException e) {
                errors.merge(String.valueOf(e.getSQLState()), 1, Integer::sum);
                if (e.getSQLState() != null && e.getSQLState().startsWith("08") && c != null) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // the connection is broken anyway
                    }
                    c = null;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // done
            }
        }
    }
}
