package io.meridian.server.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public void write(Topology topology, Path topologyFile) throws IOException {
        Properties p = new Properties();
        p.setProperty("topology", topologyFile.toAbsolutePath().toString());
        p.setProperty("host", topology.host());
        p.setProperty("nodes", String.join(",", topology.nodeIds().stream().map(String::valueOf).toList()));
        for (Topology.Node n : topology.nodes()) {
            p.setProperty("node." + n.id() + ".region", n.region());
            p.setProperty("node." + n.id() + ".clientPort", Integer.toString(n.clientPort()));
            p.setProperty("node." + n.id() + ".httpPort", Integer.toString(n.httpPort()));
        }
        Files.createDirectories(directory);
        try (Writer w = Files.newBufferedWriter(directory.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            p.store(w, "written by bin/meridian cluster up; read by the other cluster commands");
        }
    }

    public Optional<Path> topologyFile() throws IOException {
        Path file = directory.resolve(PROPERTIES);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return Optional.of(Path.of(p.getProperty("topology")));
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
