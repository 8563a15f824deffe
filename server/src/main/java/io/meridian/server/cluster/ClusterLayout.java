package io.meridian.server.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What `cluster up` leaves in the cluster's data directory so every later command (and the SQL
 * console) can find the nodes: cluster.properties with the topology file and each node's region
 * and ports, and node-N/ directories holding each node's data, log and pid file.
 */
public record ClusterLayout(Path directory) {
    public static final String PROPERTIES = "cluster.properties";
    static final String NODE_MAIN = "io.meridian.server.NodeMain";

    public Path nodeDirectory(int nodeId) {
        return directory.resolve("node-" + nodeId);
    }

    public Path pidFile(int nodeId) {
        return nodeDirectory(nodeId).resolve("pid");
    }

    public Path logFile(int nodeId) {
        return nodeDirectory(nodeId).resolve("node.log");
    }

    /** ProcessHandle.Info often omits long command lines, so on Linux read /proc directly. */
    private static boolean isNodeServer(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.exists(cmdline)) {
                return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(NODE_MAIN);
            }
        } catch (IOException e) {
            return false;
        }
        return process.info().commandLine().map(c -> c.contains(NODE_MAIN)).orElse(false);
    }

    /**
     * Records the cluster's topology file and nodes. Nodes added to the running cluster since, and
     * the ids of removed ones, are kept: `cluster up` on an existing cluster starts its current nodes.
     */
    public void write(Topology topology, Path topologyFile) throws IOException {
        Properties p = load().orElseGet(Properties::new);
        p.setProperty("topology", topologyFile.toAbsolutePath().toString());
        p.setProperty("host", topology.host());
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>(ids(p, "nodes"));
        ids.addAll(topology.nodeIds());
        ids.removeAll(ids(p, "removed"));
        p.setProperty("nodes", join(ids));
        for (Topology.Node n : topology.nodes()) {
            put(p, n);
        }
        store(p);
    }

    /** The nodes the cluster runs now: the topology's and those added, minus those removed. */
    public List<Topology.Node> nodes(Topology topology) throws IOException {
        Properties p = load().orElseThrow(() -> new IOException("no cluster in " + directory));
        List<Topology.Node> nodes = new ArrayList<>();
        for (int id : ids(p, "nodes")) {
            String region = p.getProperty("node." + id + ".region");
            nodes.add(topology.nodeIds().contains(id) || region == null ? topology.node(id) : topology.extraNode(id, region));
        }
        return nodes;
    }

    /** The id a new node gets: above every id the cluster ever used (a removed node's id is never reused). */
    public int nextNodeId() throws IOException {
        Properties p = load().orElseThrow(() -> new IOException("no cluster in " + directory));
        int max = 0;
        for (int id : ids(p, "nodes")) {
            max = Math.max(max, id);
        }
        for (int id : ids(p, "removed")) {
            max = Math.max(max, id);
        }
        return max + 1;
    }

    public void recordAdded(Topology.Node node) throws IOException {
        Properties p = load().orElseThrow(() -> new IOException("no cluster in " + directory));
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>(ids(p, "nodes"));
        ids.add(node.id());
        p.setProperty("nodes", join(ids));
        put(p, node);
        store(p);
    }

    public void recordRemoved(int nodeId) throws IOException {
        Properties p = load().orElseThrow(() -> new IOException("no cluster in " + directory));
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>(ids(p, "nodes"));
        ids.remove(nodeId);
        java.util.TreeSet<Integer> removed = new java.util.TreeSet<>(ids(p, "removed"));
        removed.add(nodeId);
        p.setProperty("nodes", join(ids));
        p.setProperty("removed", join(removed));
        store(p);
    }

    /** The ids of nodes removed from the group (their data directories stay until `cluster destroy`). */
    public List<Integer> removedNodes() throws IOException {
        return load().map(p -> ids(p, "removed")).orElse(List.of());
    }

    private static void put(Properties p, Topology.Node n) {
        p.setProperty("node." + n.id() + ".region", n.region());
        p.setProperty("node." + n.id() + ".clientPort", Integer.toString(n.clientPort()));
        p.setProperty("node." + n.id() + ".peerPort", Integer.toString(n.peerPort()));
        p.setProperty("node." + n.id() + ".httpPort", Integer.toString(n.httpPort()));
    }

    private static List<Integer> ids(Properties p, String key) {
        List<Integer> ids = new ArrayList<>();
        for (String s : p.getProperty(key, "").split(",")) {
            if (!s.isBlank()) {
                ids.add(Integer.parseInt(s.trim()));
            }
        }
        return ids;
    }

    private static String join(java.util.Collection<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    private Optional<Properties> load() throws IOException {
        Path file = directory.resolve(PROPERTIES);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return Optional.of(p);
    }

    /** Written to a temporary file and renamed, so a reader never sees half a file. */
    private void store(Properties p) throws IOException {
        Files.createDirectories(directory);
        Path staged = directory.resolve(PROPERTIES + ".tmp");
        try (Writer w = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
            p.store(w, "written by bin/meridian cluster up / add-node / remove-node; read by the other cluster commands");
        }
        Files.move(staged, directory.resolve(PROPERTIES), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public Optional<Path> topologyFile() throws IOException {
        return load().map(p -> Path.of(p.getProperty("topology")));
    }

    /** node-N/join.properties when node N joined a running cluster. */
    public Path joinFile(int nodeId) {
        return nodeDirectory(nodeId).resolve(JoinPlan.FILE);
    }

    public Optional<ProcessHandle> process(int nodeId) throws IOException {
        Path pid = pidFile(nodeId);
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        try {
            // Only a live process that is one of our node servers: a recycled pid must never be signalled.
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive)
                    .filter(ClusterLayout::isNodeServer);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
