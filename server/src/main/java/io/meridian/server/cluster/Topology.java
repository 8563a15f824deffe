package io.meridian.server.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A simulated multi-region deployment on one machine: regions with their time-master error
 * bounds, nodes with their ports, and the one-way latency between regions. See
 * conf/topologies/*.yaml for the format.
 */
public record Topology(String name, List<Region> regions, List<Node> nodes, Map<String, Map<String, Integer>> latencyMillis,
        int jitterMillis, String leaderRegion, String host, TimeSource timeSource) {

    /**
     * Where nodes get TrueTime: each region's simulated time master (epsilon_micros is the
     * master's uncertainty at each sync; the sawtooth grows from there), or the HLC fallback
     * (epsilon_micros is the promised bound on clock offset).
     */
    public enum TimeSource { MASTER, HLC }

    /** A region and the clock uncertainty bound (epsilon, microseconds) its time master promises. */
    public record Region(String name, long epsilonMicros) {
    }

    /** A node process: id, region, and its three ports (clients, peers, HTTP status/metrics). */
    public record Node(int id, String region, int clientPort, int peerPort, int httpPort) {
    }

    public static Topology load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (!(root instanceof Map<?, ?> map)) {
                throw new IOException(file + ": expected a mapping at the top level");
            }
            return parse(map, new Source(file.toString(), text));
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The file being read, so errors can name the line they are about. */
    record Source(String name, String text) {
        /** "file:N" for the first line mentioning {@code token} after the line mentioning {@code after}. */
        String at(String after, String token) {
            String[] lines = text.split("\n", -1);
            boolean seen = after == null;
            for (int i = 0; i < lines.length; i++) {
                seen |= after != null && lines[i].contains(after);
                if (seen && lines[i].contains(token)) {
                    return name + ":" + (i + 1);
                }
            }
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Topology parse(Map<?, ?> root, Source source) throws IOException {
        String name = string(root, "name", source);
        String host = root.containsKey("host") ? string(root, "host", source) : "127.0.0.1";
        Map<?, ?> ports = map(root, "ports", source);
        int clientBase = integer(ports, "client_base", source);
        int peerBase = integer(ports, "peer_base", source);
        int httpBase = integer(ports, "http_base", source);
        List<Region> regions = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (Object item : list(root, "regions", source)) {
            Map<?, ?> r = (Map<?, ?>) item;
            String regionName = string(r, "name", source);
            regions.add(new Region(regionName, integer(r, "epsilon_micros", source)));
            for (Object id : list(r, "nodes", source)) {
                int nodeId = ((Number) id).intValue();
                nodes.add(new Node(nodeId, regionName, clientBase + nodeId, peerBase + nodeId, httpBase + nodeId));
            }
        }
        Map<String, Map<String, Integer>> latency = new LinkedHashMap<>();
        Map<?, ?> matrix = map(root, "latency_millis", source);
        List<String> regionNames = regions.stream().map(Region::name).toList();
        for (Map.Entry<?, ?> from : matrix.entrySet()) {
            if (!regionNames.contains(from.getKey().toString())) {
                throw new IOException(source.at("latency_millis", from.getKey() + ":") + ": latency_millis names unknown region "
                        + from.getKey() + " (regions: " + regionNames + ")");
            }
            if (!(from.getValue() instanceof Map<?, ?> row)) {
                throw new IOException(source.at("latency_millis", from.getKey() + ":") + ": latencies from " + from.getKey()
                        + " must be a mapping of region to milliseconds");
            }
            for (Map.Entry<?, ?> to : row.entrySet()) {
                String where = source.at("latency_millis", to.getKey() + ":");
                if (!regionNames.contains(to.getKey().toString())) {
                    throw new IOException(where + ": latency_millis names unknown region " + to.getKey()
                            + " (regions: " + regionNames + ")");
                }
                if (!(to.getValue() instanceof Number n) || n.intValue() < 0) {
                    throw new IOException(where + ": latency from " + from.getKey() + " to " + to.getKey()
                            + " must be a non-negative number of milliseconds, not " + to.getValue());
                }
                int millis = n.intValue();
                latency.computeIfAbsent(from.getKey().toString(), k -> new HashMap<>()).put(to.getKey().toString(), millis);
                latency.computeIfAbsent(to.getKey().toString(), k -> new HashMap<>()).put(from.getKey().toString(), millis);
            }
        }
        int jitter = root.containsKey("jitter_millis") ? integer(root, "jitter_millis", source) : 0;
        String leader = root.containsKey("leader_region") ? string(root, "leader_region", source) : regions.get(0).name();
        TimeSource timeSource = root.containsKey("time_source")
                ? TimeSource.valueOf(string(root, "time_source", source).toUpperCase(java.util.Locale.ROOT)) : TimeSource.MASTER;
        Topology topology = new Topology(name, regions, nodes, latency, jitter, leader, host, timeSource);
        int replication = root.containsKey("replication") ? integer(root, "replication", source) : nodes.size();
        if (replication != nodes.size()) {
            throw new IOException(source.at(null, "replication") + ": replication " + replication + " with " + nodes.size()
                    + " nodes: every node holds a replica of the tablet today, so the two must be equal");
        }
        topology.validate(source);
        return topology;
    }

    private void validate(Source source) throws IOException {
        if (nodes.size() != 3 && nodes.size() != 5) {
            throw new IOException(source.at(null, "regions:") + ": a Paxos group needs 3 or 5 nodes, found " + nodes.size());
        }
        for (Region a : regions) {
            for (Region b : regions) {
                if (!a.equals(b) && latencyMillis(a.name(), b.name()) < 0) {
                    throw new IOException(source.at(null, "latency_millis") + ": no latency given between " + a.name() + " and "
                            + b.name());
                }
            }
        }
        if (regions.stream().noneMatch(r -> r.name().equals(leaderRegion))) {
            throw new IOException(source.at(null, "leader_region") + ": leader_region " + leaderRegion + " is not a region");
        }
    }

    /** One-way latency between two regions; 0 within a region, -1 when unknown. */
    public int latencyMillis(String from, String to) {
        if (from.equals(to)) {
            return 0;
        }
        Map<String, Integer> row = latencyMillis.get(from);
        return row == null || !row.containsKey(to) ? -1 : row.get(to);
    }

    /**
     * A node the file does not list, added to the running cluster later: its ports follow the
     * file's bases like every listed node's (base + id). Fails for an unknown region.
     */
    public Node extraNode(int id, String regionName) {
        region(regionName);
        if (id <= 0) {
            throw new IllegalArgumentException("node ids are positive, not " + id);
        }
        Node first = nodes.get(0);
        return new Node(id, regionName, first.clientPort() - first.id() + id, first.peerPort() - first.id() + id,
                first.httpPort() - first.id() + id);
    }

    public Node node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in topology " + name));
    }

    public Region region(String regionName) {
        return regions.stream().filter(r -> r.name().equals(regionName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no region " + regionName + " in topology " + name
                        + " (regions: " + regions.stream().map(Region::name).toList() + ")"));
    }

    public List<Integer> nodeIds() {
        return nodes.stream().map(Node::id).toList();
    }

    private static String string(Map<?, ?> map, String key, Source source) throws IOException {
        Object v = map.get(key);
        if (v == null) {
            throw new IOException(source + ": missing \"" + key + "\"");
        }
        return v.toString();
    }

    private static int integer(Map<?, ?> map, String key, Source source) throws IOException {
        Object v = map.get(key);
        if (!(v instanceof Number n)) {
            throw new IOException(source.at(null, key + ":") + ": \"" + key + "\" must be a number");
        }
        return n.intValue();
    }

    private static Map<?, ?> map(Map<?, ?> map, String key, Source source) throws IOException {
        Object v = map.get(key);
        if (!(v instanceof Map<?, ?> m)) {
            throw new IOException(source.at(null, key + ":") + ": \"" + key + "\" must be a mapping");
        }
        return m;
    }

    private static List<?> list(Map<?, ?> map, String key, Source source) throws IOException {
        Object v = map.get(key);
        if (!(v instanceof List<?> l)) {
            throw new IOException(source.at(null, key + ":") + ": \"" + key + "\" must be a list");
        }
        return l;
    }
}
