package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.server.ClusterMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Membership change in a running multi-process cluster, driven the way a user drives it
 * ({@code bin/meridian cluster add-node / remove-node}): three nodes, continuous writes; a fourth
 * node in another region joins (learner, catch-up, voter); an original follower is removed, then
 * the leader (which hands over first); the writes go on throughout and no acknowledged one is lost;
 * the new node serves every acknowledged row from its own replica when it leads; a survivor killed
 * and restarted comes back with the current membership, not the topology file's. Every wait has a
 * deadline.
 */
class MembershipChangeIT {
    static final long WAIT_SECONDS_MAX = 60;
    static final int WRITES_PER_STEP_MIN = 10;

    @TempDir
    Path dir;

    private Path data;
    private int base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Node settings the CLI passes on to the nodes it starts: snapshots every 40 slots, in 2 KiB chunks. */
    private static final java.util.Map<String, String> NODE_SETTINGS = java.util.Map.of("meridian.snapshotEverySlots", "40",
            "meridian.retainSlotsMax", "10", "meridian.snapshotChunkBytes", "2048");

    @AfterEach
    void destroy() {
        NODE_SETTINGS.keySet().forEach(System::clearProperty);
        if (data != null) {
            keepNodeLogs();
            cli("cluster", "destroy", "--data", data.toString());
        }
    }

    /**
     * Copies the nodes' logs to target/it-node-logs/ before the cluster is destroyed: a failure
     * here spans several processes, and their logs are the only record of what each one did.
     */
    private void keepNodeLogs() {
        Path kept = Path.of("target", "it-node-logs", getClass().getSimpleName());
        try (java.util.stream.Stream<Path> nodes = Files.list(data)) {
            Files.createDirectories(kept);
            for (Path node : nodes.filter(p -> p.getFileName().toString().startsWith("node-")).toList()) {
                Path log = node.resolve("node.log");
                if (Files.exists(log)) {
                    Files.copy(log, kept.resolve(node.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (java.io.IOException e) {
            System.out.println("could not keep the node logs: " + e);
        }
    }

    /** Runs a `bin/meridian` command in this JVM (the nodes it starts are processes); returns its output. */
    private String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try (java.io.PrintStream capture = new java.io.PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            CommandLine cl = new CommandLine(new ClusterMain());
            cl.setErr(new PrintWriter(capture, true));
            code = cl.execute(args);
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(0, code, String.join(" ", args) + " failed:\n" + text);
        return text;
    }

    private Path topology() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            base = s.getLocalPort() > 60_000 ? s.getLocalPort() - 30_000 : s.getLocalPort();
        }
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: membership-it
                host: 127.0.0.1
                ports: {client_base: %d, peer_base: %d, http_base: %d}
                leader_region: east
                time_source: hlc
                jitter_millis: 1
                regions:
                  - {name: east, epsilon_micros: 1000, nodes: [1, 2, 3]}
                  - {name: west, epsilon_micros: 1000, nodes: []}
                latency_millis:
                  east: {west: 5}
                """.formatted(base, base + 10, base + 20));
        return file;
    }

    private String url(int... ids) {
        StringBuilder hosts = new StringBuilder();
        for (int id : ids) {
            hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(base + id);
        }
        return "jdbc:meridian://" + hosts + "/meridian?user=admin&password=admin&connectTimeout=2000&socketTimeout=15000";
    }

    private String status(int id) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 20 + id) + "/status"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private String metrics(int id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 20 + id) + "/metrics"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS_MAX);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT_SECONDS_MAX + " s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private int leader(int... candidates) throws InterruptedException {
        int[] found = {-1};
        await("a ready leader among " + java.util.Arrays.toString(candidates), () -> {
            for (int id : candidates) {
                String s = status(id);
                if (s.contains("\"leader\":true") && s.contains("\"sqlReady\":true")) {
                    found[0] = id;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Inserts keys 0, 1, 2, ... through any live gateway until stopped; remembers the acknowledged ones. */
    private final class Writer extends Thread {
        final AtomicBoolean stop = new AtomicBoolean();
        final Set<Integer> acknowledged = java.util.Collections.synchronizedSet(new TreeSet<>());
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        final String url;
        final long startNanos = System.nanoTime();

        Writer(String url) {
            super("writer");
            this.url = url;
            setDaemon(true);
        }

        @Override
        public void run() {
            Connection c = null;
            for (int k = 0; !stop.get() && k < 1_000_000; k++) {
                try {
                    if (c == null) {
                        c = DriverManager.getConnection(url);
                    }
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("INSERT INTO t VALUES (" + k + ", 'w')");
                    }
                    acknowledged.add(k);
                } catch (SQLException e) {
                    // Outcome unknown (leader change, node stopped): not acknowledged; the next key is new.
                    errors.add(e.getSQLState() + " " + e.getMessage());
                    try {
                        if (c != null) {
                            c.close();
                        }
                    } catch (SQLException ignored) {
                        // the connection is gone anyway
                    }
                    c = null;
                    try {
                        TimeUnit.MILLISECONDS.sleep(100);
                    } catch (InterruptedException i) {
                        return;
                    }
                }
            }
        }

        void awaitMoreWrites(String step) throws InterruptedException {
            awaitMoreWrites(step, WRITES_PER_STEP_MIN);
        }

        void awaitMoreWrites(String step, int count) throws InterruptedException {
            int before = acknowledged.size();
            await(count + " more acknowledged writes after " + step + " (errors: " + lastErrors() + ")",
                    () -> acknowledged.size() >= before + count);
            System.out.printf(java.util.Locale.ROOT, "%6.1f s  %-28s %5d writes acknowledged, %d failed attempts%n",
                    (System.nanoTime() - startNanos) / 1e9, step, acknowledged.size(), errors.size());
        }

        String lastErrors() {
            synchronized (errors) {
                return errors.subList(Math.max(0, errors.size() - 3), errors.size()).toString();
            }
        }
    }

    private static Set<Integer> keys(String url) throws SQLException {
        Set<Integer> keys = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT k FROM t")) {
            while (rs.next()) {
                keys.add(rs.getInt(1));
            }
        }
        return keys;
    }

    private static String voters(int... ids) {
        return String.join(",", java.util.Arrays.stream(ids).sorted().mapToObj(String::valueOf).toList());
    }

    private void transfer(int from, int to) throws Exception {
        cli("cluster", "transfer", Integer.toString(to), "--data", data.toString());
        assertEquals(to, leader(from, to));
    }

    @Test
    void addANodeThenRemoveAFollowerAndTheLeaderWhileWritesContinue() throws Exception {
        Path topology = topology();
        data = dir.resolve("cluster");
        NODE_SETTINGS.forEach(System::setProperty);
        cli("cluster", "up", "--topology", topology.toString(), "--data", data.toString());
        int initial = leader(1, 2, 3);
        try (Connection c = DriverManager.getConnection(url(initial)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v VARCHAR(8))");
        }
        int survivor = -1;
        Set<Integer> removed = Set.of();
        Writer writer = new Writer(url(1, 2, 3, 4));
        writer.start();
        try {
            // Enough slots that the log behind the newest snapshot is compacted: node 4 must start from a snapshot.
            writer.awaitMoreWrites("start", 60);

            String added = cli("cluster", "add-node", "--region", "west", "--data", data.toString());
            assertTrue(added.contains("node 4 is a voter: voters[1, 2, 3, 4]"), added);
            await("node 4 votes and knows every member", () -> status(4).contains("\"role\":\"voter\"")
                    && status(4).contains("\"voters\":[1,2,3,4]"));
            // Leadership may have moved on a loaded machine: name the roles from who leads now (an original node).
            int leaderNow = leader(1, 2, 3, 4);
            if (leaderNow == 4) {
                transfer(4, initial);
                leaderNow = initial;
            }
            final int first = leaderNow;
            List<Integer> others = new ArrayList<>(List.of(1, 2, 3));
            others.remove(Integer.valueOf(first));
            final int follower = others.get(0);
            survivor = others.get(1);
            removed = new TreeSet<>(List.of(first, follower));
            assertTrue(metrics(first).contains("follower=\"4\""), "the leader measures the new follower's lag");
            java.util.regex.Matcher installed = java.util.regex.Pattern
                    .compile("meridian_paxos_snapshots_installed_total\\{[^}]*} ([0-9.]+)").matcher(metrics(4));
            assertTrue(installed.find() && Double.parseDouble(installed.group(1)) >= 1,
                    "node 4 caught up by snapshot (the log it needed was compacted)");
            writer.awaitMoreWrites("adding node 4");

            cli("cluster", "remove-node", Integer.toString(follower), "--data", data.toString());
            assertEquals("", status(follower), "the removed node's process is stopped");
            String without = voters(first, survivor, 4);
            int survivorNow = survivor;
            await("the group without node " + follower, () -> status(first).contains("\"voters\":[" + without + "]"));
            if (leader(first, survivorNow, 4) == first) {
                assertFalse(metrics(first).contains("follower=\"" + follower + "\""),
                        "a removed follower's gauge is unregistered");
            }
            writer.awaitMoreWrites("removing follower " + follower);

            int leaderThen = leader(first, survivorNow, 4);
            if (leaderThen != first) {
                transfer(leaderThen, first); // so the step below removes the leader
            }
            String removedLeader = cli("cluster", "remove-node", Integer.toString(first), "--data", data.toString());
            assertTrue(removedLeader.contains("handing over first"), removedLeader);
            assertEquals("", status(first));
            String last = voters(survivor, 4);
            int leader = leader(survivor, 4);
            await("the group without node " + first, () -> status(survivorNow).contains("\"voters\":[" + last + "]")
                    && status(4).contains("\"voters\":[" + last + "]"));
            writer.awaitMoreWrites("removing leader " + first);

            // The survivor restarts from disk: it must come back with the current voters (the
            // topology file names 1, 2, 3) and reach node 4 by the address its log carries, or the
            // group of two could never commit again.
            if (leader == survivor) {
                transfer(survivor, 4);
            }
            cli("node", "restart", Integer.toString(survivor), "--data", data.toString());
            await("node " + survivor + " back with the current membership",
                    () -> status(survivorNow).contains("\"voters\":[" + last + "]"));
            writer.awaitMoreWrites("restarting node " + survivor);
        } finally {
            writer.stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertFalse(writer.isAlive());
        // The new node serves reads from its own replica when it leads: every acknowledged row is there.
        int leader = leader(survivor, 4);
        if (leader != 4) {
            transfer(leader, 4);
        }
        Set<Integer> onNode4 = keys(url(4));
        Set<Integer> missing = new TreeSet<>(writer.acknowledged);
        missing.removeAll(onNode4);
        assertEquals(Set.of(), missing, "acknowledged writes missing on node 4");
        transfer(4, survivor);
        assertEquals(onNode4, keys(url(survivor)), "node " + survivor + " and node 4 hold identical rows");
        String status = cli("cluster", "status", "--data", data.toString());
        assertTrue(status.contains("voters " + List.of(Math.min(survivor, 4), Math.max(survivor, 4))), status);
        assertTrue(status.contains("removed from the group: nodes " + removed), status);
        System.out.println("membership IT: " + writer.acknowledged.size() + " acknowledged writes, " + onNode4.size()
                + " rows on node 4, " + writer.errors.size() + " failed attempts (outcome unknown, not counted)");
    }
}
