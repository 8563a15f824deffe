package io.meridian.server.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a node that joins a running cluster starts from (node-N/join.properties, written by
 * {@code cluster add-node}): its own ports and region, and the group as the leader saw it when
 * the node was added (voters, and how to reach every member). Only a start-up hint: once the node
 * holds a membership from the log or a snapshot, that one decides whom it talks to.
 */
public record JoinPlan(Topology.Node self, List<Integer> voters, Map<Integer, Topology.Node> members) {
    public static final String FILE = "join.properties";

    public JoinPlan {
        voters = List.copyOf(voters);
        members = Map.copyOf(members);
        if (voters.isEmpty() || voters.contains(self.id())) {
            throw new IllegalArgumentException("a joining node needs the group's voters, itself not among them: " + voters);
        }
        for (int v : voters) {
            if (!members.containsKey(v)) {
                throw new IllegalArgumentException("no address for voter " + v + " in the join plan");
            }
        }
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("self.id", Integer.toString(self.id()));
        p.setProperty("self", NodeAddresses.encode(self));
        p.setProperty("voters", String.join(",", voters.stream().map(String::valueOf).toList()));
        for (Map.Entry<Integer, Topology.Node> m : new TreeMap<>(members).entrySet()) {
            p.setProperty("member." + m.getKey(), NodeAddresses.encode(m.getValue()));
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "written by bin/meridian cluster add-node: how this node joined the cluster");
        }
    }

    public static JoinPlan read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            int id = Integer.parseInt(p.getProperty("self.id", "").trim());
            Topology.Node self = NodeAddresses.decode(id, p.getProperty("self", ""));
            List<Integer> voters = java.util.Arrays.stream(p.getProperty("voters", "").split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
            Map<Integer, Topology.Node> members = new TreeMap<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("member.")) {
                    int member = Integer.parseInt(key.substring("member.".length()));
                    members.put(member, NodeAddresses.decode(member, p.getProperty(key)));
                }
            }
            return new JoinPlan(self, voters, members);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
