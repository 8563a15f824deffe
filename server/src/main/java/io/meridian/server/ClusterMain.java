package io.meridian.server;

import io.meridian.server.cluster.ClusterLayout;
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
    }

    @Command(name = "cluster", description = "Start, inspect and stop a simulated multi-region cluster.",
            subcommands = {Up.class, Status.class, Down.class, Destroy.class, Url.class, Transfer.class})
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
            for (Topology.Node node : topology.nodes()) {
                if (layout.process(node.id()).isPresent()) {
                    System.out.println("node " + node.id() + " (" + node.region() + ") already running");
                } else {
                    startNode(layout, topologyFile, node, logLevel);
                }
            }
            Optional<Integer> leader = waitForLeader(topology, layout);
            if (leader.isEmpty()) {
                System.err.println("meridian: no leader after " + LEADER_WAIT_SECONDS_MAX + " s; see "
                        + layout.nodeDirectory(1).resolve("node.log") + " and the other node logs");
                return 1;
            }
            Topology.Node l = topology.node(leader.get());
            System.out.println("cluster " + topology.name() + " is up: " + topology.nodes().size() + " nodes in "
                    + topology.regions().size() + " regions; tablet leader: node " + l.id() + " (" + l.region() + ")");
            for (Topology.Node node : topology.nodes()) {
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

    static Optional<Integer> waitForLeader(Topology topology, ClusterLayout layout) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEADER_WAIT_SECONDS_MAX);
        while (System.nanoTime() < deadline) {
            for (Topology.Node node : topology.nodes()) {
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

    @Command(name = "status", description = "Nodes, regions, who leads and holds the lease, applied index, epsilon, ports.")
    static final class Status extends Where implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Topology topology = topology();
            java.util.Map<Integer, Optional<String>> statuses = new java.util.TreeMap<>();
            long highestApplied = 0;
            for (Topology.Node node : topology.nodes()) {
                Optional<String> status = status(topology, node);
                statuses.put(node.id(), status);
                highestApplied = Math.max(highestApplied, status.map(s -> Long.parseLong(field(s, "appliedIndex"))).orElse(0L));
            }
            long applied = highestApplied;
            System.out.println("tablet 1 (all keys): replicas on nodes " + topology.nodeIds());
            System.out.printf(Locale.ROOT, "%-4s %-10s %-8s %-5s %-7s %-6s %-9s %-5s %-9s %-6s %-6s %-6s%n", "node",
                    "region", "pid", "up", "leader", "lease", "applied", "lag", "eps(ms)", "sql", "http", "conns");
            for (Topology.Node node : topology.nodes()) {
                String pid = layout().process(node.id()).map(p -> Long.toString(p.pid())).orElse("-");
                Optional<String> status = statuses.get(node.id());
                System.out.printf(Locale.ROOT, "%-4d %-10s %-8s %-5s %-7s %-6s %-9s %-5s %-9s %-6d %-6d %-6s%n",
                        node.id(), node.region(), pid, status.isPresent() ? "up" : "DOWN",
                        status.map(s -> field(s, "leader")).orElse("-"), status.map(s -> field(s, "lease")).orElse("-"),
                        status.map(s -> field(s, "appliedIndex")).orElse("-"),
                        status.map(s -> Long.toString(applied - Long.parseLong(field(s, "appliedIndex")))).orElse("-"),
                        status.map(s -> String.format(Locale.ROOT, "%.1f", Long.parseLong(field(s, "epsilonMicros")) / 1000.0))
                                .orElse("-"),
                        node.clientPort(), node.httpPort(), status.map(s -> field(s, "connections")).orElse("-"));
            }
            System.out.println("metrics: http://" + topology.host() + ":<http>/metrics (Prometheus), status: /status (JSON)");
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
            for (Topology.Node node : topology.nodes()) {
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
            Topology topology = topology();
            for (Topology.Node node : topology.nodes()) {
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
                for (Topology.Node node : topology().nodes()) {
                    stop(layout(), node.id(), true);
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
            Topology.Node node = topology.nodes().stream().filter(n -> region == null || n.region().equals(region))
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
            topology().node(nodeId);
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
            Topology topology = topology();
            stop(layout(), nodeId, true);
            startNode(layout(), layout().topologyFile().orElseThrow(), topology.node(nodeId), logLevel);
            return 0;
        }
    }
}
