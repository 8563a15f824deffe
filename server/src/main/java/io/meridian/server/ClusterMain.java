package io.meridian.server;

import io.meridian.server.cluster.ClusterLayout;
import io.meridian.server.cluster.JoinPlan;
import io.meridian.server.cluster.NodeAddresses;
import io.meridian.server.cluster.Topology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/meridian cluster ...} and {@code bin/meridian node ...}: simulated multi-region clusters. */
@Command(name = "meridian", mixinStandardHelpOptions = true,
        subcommands = {ClusterMain.Cluster.class, ClusterMain.Node.class})
public final class ClusterMain implements Runnable {
    static final String DEFAULT_DATA = "data/cluster";
    static final String DEFAULT_TOPOLOGY = "conf/topologies/three-regions.yaml";
    static final long LEADER_WAIT_SECONDS_MAX = 90;
    static final long STOP_WAIT_SECONDS_MAX = 20;
    /** A membership change waits for catch-up; the leader gives up after 110 s and says so first. */
    static final long MEMBERSHIP_WAIT_SECONDS_MAX = 120;
    /** Tries of one membership change, each on whichever node leads then (leadership may move mid-way). */
    static final int MEMBERSHIP_ATTEMPTS_MAX = 5;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterMain()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Options every command shares: where the cluster lives. */
    static class Where {
        @Option(names = "--data", description = "The cluster's directory (default: ${DEFAULT-VALUE}).")
        Path data = Path.of(DEFAULT_DATA);

        ClusterLayout layout() {
            return new ClusterLayout(data);
        }

        Topology topology() throws IOException {
            Path file = layout().topologyFile().orElseThrow(() ->
                    new IOException("no cluster in " + data.toAbsolutePath() + "; run `bin/meridian cluster up` first"));
            return Topology.load(file);
        }

        /** The cluster's nodes now: the topology's, plus added ones, minus removed ones. */
        List<Topology.Node> nodes() throws IOException {
            return layout().nodes(topology());
        }

        Topology.Node node(int id) throws IOException {
            List<Topology.Node> nodes = nodes();
            return nodes.stream().filter(n -> n.id() == id).findFirst().orElseThrow(() -> new IOException("node " + id
                    + " is not a node of the cluster in " + data + " (nodes: " + nodes.stream().map(Topology.Node::id).toList()
                    + ")"));
        }
    }

    @Command(name = "cluster", description = "Start, inspect and stop a simulated multi-region cluster.",
            subcommands = {Up.class, Status.class, Down.class, Destroy.class, Url.class, Transfer.class, AddNode.class,
                    RemoveNode.class})
    static final class Cluster implements Runnable {
        @Override
        public void run() {
            CommandLine.usage(this, System.out);
        }
    }

    @Command(name = "up", description = "Start one process per node, wait for a leader, print the SQL URLs.")
    static final class Up extends Where implements Callable<Integer> {
        @Option(names = "--topology", description = "Topology file (default: ${DEFAULT-VALUE}).")
        Path topologyFile = Path.of(DEFAULT_TOPOLOGY);

        @Option(names = "--log-level", description = "Node log level: trace, debug, info, warn (default: ${DEFAULT-VALUE}).")
        String logLevel = "info";

        @Override
        public Integer call() throws Exception {
            Topology topology = Topology.load(topologyFile);
            ClusterLayout layout = layout();
            if (layout.topologyFile().isPresent() && !layout.topologyFile().get().equals(topologyFile.toAbsolutePath())) {
                System.err.println("meridian: " + data + " holds a cluster of another topology ("
                        + layout.topologyFile().get() + "); use another --data or `cluster destroy` it first");
                return 1;
            }
            layout.write(topology, topologyFile);
            List<Topology.Node> nodes = layout.nodes(topology);
            for (Topology.Node node : nodes) {
                if (layout.process(node.id()).isPresent()) {
                    System.out.println("node " + node.id() + " (" + node.region() + ") already running");
                } else {
                    startNode(layout, topologyFile, node, logLevel);
                }
            }
            Optional<Integer> leader = waitForLeader(topology, nodes);
            if (leader.isEmpty()) {
                System.err.println("meridian: no leader after " + LEADER_WAIT_SECONDS_MAX + " s; see "
                        + layout.nodeDirectory(1).resolve("node.log") + " and the other node logs");
                return 1;
            }
            Topology.Node l = nodes.stream().filter(n -> n.id() == leader.get()).findFirst().orElseThrow();
            System.out.println("cluster " + topology.name() + " is up: " + nodes.size() + " nodes in "
                    + topology.regions().size() + " regions; tablet leader: node " + l.id() + " (" + l.region() + ")");
            for (Topology.Node node : nodes) {
                System.out.printf(Locale.ROOT, "  node %d %-10s jdbc:meridian://%s:%d/meridian?user=admin&password=admin%n",
                        node.id(), node.region(), topology.host(), node.clientPort());
            }
            System.out.println("status: bin/meridian cluster status --data " + data + "   console: bin/meridian sql --cluster "
                    + data + " [--region R]");
            return 0;
        }
    }

    static void startNode(ClusterLayout layout, Path topologyFile, Topology.Node node, String logLevel) throws IOException {
        Path dir = layout.nodeDirectory(node.id());
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + logLevel,
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ", "-cp", privateClassPath(layout),
                "io.meridian.server.NodeMain", "--topology", topologyFile.toAbsolutePath().toString(),
                "--node-id", Integer.toString(node.id()), "--data", dir.toAbsolutePath().toString()));
        // Node settings given to this command as -Dmeridian.*=... go to the node too (e.g. snapshot cadence).
        List<String> settings = new ArrayList<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("meridian.")) {
                settings.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        command.addAll(1, settings);
        if (Files.exists(layout.joinFile(node.id()))) {
            command.addAll(List.of("--join", layout.joinFile(node.id()).toAbsolutePath().toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile(node.id()).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Files.writeString(layout.pidFile(node.id()), Long.toString(process.pid()));
        System.out.println("started node " + node.id() + " (" + node.region() + "), pid " + process.pid() + ", log "
                + layout.logFile(node.id()));
    }

    /**
     * The class path for node processes, with Meridian's own jars copied into the cluster's
     * lib/ directory: a rebuild (which rewrites those jars in place) must not pull classes out
     * from under running nodes. Third-party jars never change under a version, so they are shared.
     * A copy is replaced only when the build changed, and by an atomic rename: a node started a
     * moment earlier may still be opening the old copy (overwriting it in place made that node die
     * with ClassNotFoundException during {@code cluster up}).
     */
    static String privateClassPath(ClusterLayout layout) throws IOException {
        Path lib = layout.directory().resolve("lib");
        Files.createDirectories(lib);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (name.startsWith("meridian-") && name.endsWith(".jar") && Files.isRegularFile(path)) {
                Path copy = lib.resolve(name);
                if (!sameSizeAndTime(path, copy)) {
                    Path staged = Files.createTempFile(lib, name, ".tmp");
                    Files.copy(path, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    Files.move(staged, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                entries.add(copy.toAbsolutePath().toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static boolean sameSizeAndTime(Path a, Path b) throws IOException {
        return Files.isRegularFile(b) && Files.size(a) == Files.size(b)
                && Files.getLastModifiedTime(a).equals(Files.getLastModifiedTime(b));
    }

    static Optional<Integer> waitForLeader(Topology topology, List<Topology.Node> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEADER_WAIT_SECONDS_MAX);
        while (System.nanoTime() < deadline) {
            for (Topology.Node node : nodes) {
                Optional<String> status = status(topology, node);
                if (status.isPresent() && status.get().contains("\"leader\":true") && status.get().contains("\"sqlReady\":true")) {
                    return Optional.of(node.id());
                }
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return Optional.empty();
    }

    static Optional<String> status(Topology topology, Topology.Node node) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://" + topology.host() + ":" + node.httpPort() + "/status"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Command(name = "status", description = "Membership; nodes, regions, roles, who leads and holds the lease, applied"
            + " index, epsilon, ports.")
    static final class Status extends Where implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Topology topology = topology();
            List<Topology.Node> nodes = nodes();
            java.util.Map<Integer, Optional<String>> statuses = new java.util.TreeMap<>();
            long highestApplied = 0;
            for (Topology.Node node : nodes) {
                Optional<String> status = status(topology, node);
                statuses.put(node.id(), status);
                highestApplied = Math.max(highestApplied, status.map(s -> Long.parseLong(field(s, "appliedIndex"))).orElse(0L));
            }
            long applied = highestApplied;
            Optional<String> leader = statuses.values().stream().flatMap(Optional::stream)
                    .filter(s -> s.contains("\"leader\":true")).findFirst();
            System.out.println("tablet 1 (all keys): " + leader.map(s -> "voters " + list(s, "voters")
                    + (list(s, "learners").isEmpty() ? "" : " learners " + list(s, "learners"))
                    + " (the leader's log)").orElse("no leader right now; nodes " + nodes.stream().map(Topology.Node::id)
                    .toList()));
            System.out.printf(Locale.ROOT, "%-4s %-10s %-8s %-5s %-8s %-7s %-6s %-9s %-5s %-9s %-6s %-6s %-6s%n", "node",
                    "region", "pid", "up", "role", "leader", "lease", "applied", "lag", "eps(ms)", "sql", "http", "conns");
            for (Topology.Node node : nodes) {
                String pid = layout().process(node.id()).map(p -> Long.toString(p.pid())).orElse("-");
                Optional<String> status = statuses.get(node.id());
                System.out.printf(Locale.ROOT, "%-4d %-10s %-8s %-5s %-8s %-7s %-6s %-9s %-5s %-9s %-6d %-6d %-6s%n",
                        node.id(), node.region(), pid, status.isPresent() ? "up" : "DOWN",
                        status.map(s -> field(s, "role")).orElse("-"),
                        status.map(s -> field(s, "leader")).orElse("-"), status.map(s -> field(s, "lease")).orElse("-"),
                        status.map(s -> field(s, "appliedIndex")).orElse("-"),
                        status.map(s -> Long.toString(applied - Long.parseLong(field(s, "appliedIndex")))).orElse("-"),
                        status.map(s -> String.format(Locale.ROOT, "%.1f", Long.parseLong(field(s, "epsilonMicros")) / 1000.0))
                                .orElse("-"),
                        node.clientPort(), node.httpPort(), status.map(s -> field(s, "connections")).orElse("-"));
            }
            List<Integer> removed = layout().removedNodes();
            if (!removed.isEmpty()) {
                System.out.println("removed from the group: nodes " + removed + " (data kept in their node-N directories)");
            }
            System.out.println("metrics: http://" + topology.host() + ":<http>/metrics (Prometheus), status: /status (JSON)");
            return 0;
        }
    }

    /** The node that leads the tablet now and its status, if one does. */
    static Optional<java.util.Map.Entry<Topology.Node, String>> leader(Topology topology, List<Topology.Node> nodes) {
        for (Topology.Node node : nodes) {
            Optional<String> status = status(topology, node);
            if (status.isPresent() && status.get().contains("\"leader\":true")) {
                return Optional.of(java.util.Map.entry(node, status.get()));
            }
        }
        return Optional.empty();
    }

    static HttpResponse<String> post(Topology topology, Topology.Node node, String pathAndQuery, long timeoutSeconds)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://" + topology.host() + ":" + node.httpPort() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(timeoutSeconds)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Command(name = "add-node", description = "Start a new node process and add it to the tablet's group: it joins as a"
            + " learner, catches up, and becomes a voter.")
    static final class AddNode extends Where implements Callable<Integer> {
        @Option(names = "--region", description = "The new node's region (default: the topology's leader region).")
        String region;

        @Option(names = "--log-level", description = "Node log level (default: ${DEFAULT-VALUE}).")
        String logLevel = "info";

        @Override
        public Integer call() throws Exception {
            Topology topology = topology();
            ClusterLayout layout = layout();
            String where = region != null ? region : topology.leaderRegion();
            int id = layout.nextNodeId();
            Topology.Node fresh;
            try {
                fresh = topology.extraNode(id, where);
            } catch (IllegalArgumentException e) {
                System.err.println("meridian: " + e.getMessage());
                return 2;
            }
            Optional<java.util.Map.Entry<Topology.Node, String>> leader = leader(topology, nodes());
            if (leader.isEmpty()) {
                System.err.println("meridian: no node leads the tablet right now; try again");
                return 1;
            }
            String leaderStatus = leader.get().getValue();
            JoinPlan plan = joinPlan(topology, fresh, leaderStatus);
            Files.createDirectories(layout.nodeDirectory(id));
            plan.write(layout.joinFile(id));
            startNode(layout, layout.topologyFile().orElseThrow(), fresh, logLevel);
            layout.recordAdded(fresh);
            System.out.println("adding node " + id + " (" + where + "): learner, catch-up, voter ...");
            if (changeThroughLeader(topology, nodes(), "/add-node?id=" + id + "&region=" + where)) {
                System.out.printf(Locale.ROOT, "  node %d %-10s jdbc:meridian://%s:%d/meridian?user=admin&password=admin%n",
                        id, where, topology.host(), fresh.clientPort());
                return 0;
            }
            // Undo: the node may be in the group as a learner; take it out (best effort) and stop it.
            Optional<java.util.Map.Entry<Topology.Node, String>> now = leader(topology, nodes());
            if (now.isPresent()) {
                post(topology, now.get().getKey(), "/remove-node?id=" + id, MEMBERSHIP_WAIT_SECONDS_MAX);
            }
            stop(layout, id, false);
            layout.recordRemoved(id);
            return 1;
        }

        /** The new node's start-up view of the group: the leader's voters and every member's address. */
        private static JoinPlan joinPlan(Topology topology, Topology.Node fresh, String leaderStatus) {
            List<Integer> voters = list(leaderStatus, "voters");
            java.util.Map<Integer, Topology.Node> members = new java.util.TreeMap<>();
            List<Integer> everyone = new ArrayList<>(voters);
            everyone.addAll(list(leaderStatus, "learners"));
            for (int member : everyone) {
                String address = field(leaderStatus, "address." + member);
                members.put(member, address.equals("?") ? topology.node(member) : NodeAddresses.decode(member, address));
            }
            return new JoinPlan(fresh, voters, members);
        }
    }

    /**
     * POSTs a membership change to the node that leads, and again to the next leader when the
     * leadership moved under it (409): asking again is safe (a learner resumes its catch-up, a
     * node already removed is done). Bounded by {@link #MEMBERSHIP_ATTEMPTS_MAX} attempts.
     */
    static boolean changeThroughLeader(Topology topology, List<Topology.Node> nodes, String pathAndQuery)
            throws IOException, InterruptedException {
        for (int attempt = 1; attempt <= MEMBERSHIP_ATTEMPTS_MAX; attempt++) {
            Optional<Integer> leader = waitForLeader(topology, nodes);
            if (leader.isEmpty()) {
                System.out.println("no node leads the tablet after " + LEADER_WAIT_SECONDS_MAX + " s");
                return false;
            }
            Topology.Node via = nodes.stream().filter(n -> n.id() == leader.get()).findFirst().orElseThrow();
            HttpResponse<String> r = post(topology, via, pathAndQuery, MEMBERSHIP_WAIT_SECONDS_MAX);
            System.out.print("node " + via.id() + ": " + r.body());
            if (attempt > 1 && r.statusCode() == 400 && r.body().contains("is not a member")
                    && pathAndQuery.startsWith("/remove-node")) {
                return true; // an earlier attempt's removal went through before its leader stepped down
            }
            if (r.statusCode() != 409) {
                return r.statusCode() == 200;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        return false;
    }

    /** A JSON array of node ids in a status document ("voters":[1,2,3]); empty when absent. */
    static List<Integer> list(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\[([0-9, ]*)]").matcher(json);
        List<Integer> ids = new ArrayList<>();
        if (m.find()) {
            for (String s : m.group(1).split(",")) {
                if (!s.isBlank()) {
                    ids.add(Integer.parseInt(s.trim()));
                }
            }
        }
        return ids;
    }

    @Command(name = "remove-node", description = "Remove a node from the tablet's group through the log, then stop its"
            + " process (a leader first hands leadership to another voter).")
    static final class RemoveNode extends Where implements Callable<Integer> {
        @Parameters(index = "0", description = "The node to remove.")
        int nodeId;

        @Override
        public Integer call() throws Exception {
            Topology topology = topology();
            ClusterLayout layout = layout();
            node(nodeId);
            Optional<java.util.Map.Entry<Topology.Node, String>> leader = leader(topology, nodes());
            if (leader.isEmpty()) {
                System.err.println("meridian: no node leads the tablet right now; try again");
                return 1;
            }
            if (leader.get().getKey().id() == nodeId) {
                Optional<Integer> successor = list(leader.get().getValue(), "voters").stream()
                        .filter(v -> v != nodeId).findFirst();
                if (successor.isPresent()) {
                    HttpResponse<String> t = post(topology, leader.get().getKey(), "/transfer-leader?to=" + successor.get(),
                            30);
                    // If the handover fails, the leader removes itself and steps down once that is applied.
                    System.out.print("node " + nodeId + " leads; handing over first: " + t.body());
                }
            }
            if (!changeThroughLeader(topology, nodes(), "/remove-node?id=" + nodeId)) {
                return 1;
            }
            stop(layout, nodeId, false);
            layout.recordRemoved(nodeId);
            return 0;
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^,\"}]*)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    @Command(name = "transfer", description = "Hand the tablet's leadership to a node (its lease moves with it).")
    static final class Transfer extends Where implements Callable<Integer> {
        @Parameters(index = "0", description = "The node that should lead.")
        int to;

        @Override
        public Integer call() throws Exception {
            Topology topology = topology();
            for (Topology.Node node : nodes()) {
                if (status(topology, node).map(s -> s.contains("\"leader\":true")).orElse(false)) {
                    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + topology.host()
                            + ":" + node.httpPort() + "/transfer-leader?to=" + to))
                            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    System.out.print("node " + node.id() + ": " + r.body());
                    return r.statusCode() == 200 ? 0 : 1;
                }
            }
            System.out.println("no node leads the tablet right now; try again");
            return 1;
        }
    }

    @Command(name = "down", description = "Stop every node cleanly (SIGTERM); data is kept.")
    static final class Down extends Where implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            for (Topology.Node node : nodes()) {
                stop(layout(), node.id(), false);
            }
            return 0;
        }
    }

    @Command(name = "destroy", description = "Stop every node and delete the cluster's directory.")
    static final class Destroy extends Where implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            if (layout().topologyFile().isPresent()) {
                for (Topology.Node node : nodes()) {
                    stop(layout(), node.id(), true);
                }
                for (int removed : layout().removedNodes()) {
                    if (layout().process(removed).isPresent()) {
                        stop(layout(), removed, true);
                    }
                }
            }
            if (Files.exists(data)) {
                try (Stream<Path> paths = Files.walk(data)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            System.out.println("destroyed " + data);
            return 0;
        }
    }

    @Command(name = "url", description = "Print the JDBC URL of a node, by region (default: the first node).")
    static final class Url extends Where implements Callable<Integer> {
        @Option(names = "--region", description = "Connect through a node in this region.")
        String region;

        @Override
        public Integer call() throws Exception {
            Topology topology = topology();
            Topology.Node node = nodes().stream().filter(n -> region == null || n.region().equals(region))
                    .findFirst().orElseThrow(() -> new IOException("no node in region " + region));
            System.out.println("jdbc:meridian://" + topology.host() + ":" + node.clientPort() + "/meridian?user=admin&password=admin");
            return 0;
        }
    }

    static void stop(ClusterLayout layout, int nodeId, boolean force) throws IOException, InterruptedException {
        Optional<ProcessHandle> process = layout.process(nodeId);
        if (process.isEmpty()) {
            System.out.println("node " + nodeId + " is not running");
            return;
        }
        ProcessHandle p = process.get();
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            p.onExit().get(STOP_WAIT_SECONDS_MAX, TimeUnit.SECONDS);
            System.out.println((force ? "killed" : "stopped") + " node " + nodeId + " (pid " + p.pid() + ")");
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            System.out.println("node " + nodeId + " did not stop in " + STOP_WAIT_SECONDS_MAX + " s; killed it");
        }
    }

    @Command(name = "node", description = "Kill or restart one node.", subcommands = {Kill.class, Restart.class})
    static final class Node implements Runnable {
        @Override
        public void run() {
            CommandLine.usage(this, System.out);
        }
    }

    @Command(name = "kill", description = "SIGKILL one node (crash it).")
    static final class Kill extends Where implements Callable<Integer> {
        @Parameters(description = "node id")
        int nodeId;

        @Override
        public Integer call() throws Exception {
            node(nodeId);
            stop(layout(), nodeId, true);
            return 0;
        }
    }

    @Command(name = "restart", description = "Restart one node (killing it first if it runs).")
    static final class Restart extends Where implements Callable<Integer> {
        @Parameters(description = "node id")
        int nodeId;

        @Option(names = "--log-level", description = "Node log level (default: ${DEFAULT-VALUE}).")
        String logLevel = "info";

        @Override
        public Integer call() throws Exception {
            Topology.Node node = node(nodeId);
            stop(layout(), nodeId, true);
            startNode(layout(), layout().topologyFile().orElseThrow(), node, logLevel);
            return 0;
        }
    }
}
