package io.meridian.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyTest {
    @TempDir
    Path dir;

    @Test
    void shippedThreeRegionTopologyLoads() throws IOException {
        Topology t = Topology.load(Path.of("..", "conf", "topologies", "three-regions.yaml"));
        assertEquals(List.of(1, 2, 3), t.nodeIds());
        assertEquals("us-east", t.leaderRegion());
        assertEquals(Topology.TimeSource.MASTER, t.timeSource());
        assertEquals(110, t.latencyMillis("ap-south", "us-east"), "latency is symmetric");
        assertEquals(0, t.latencyMillis("eu-west", "eu-west"));
        assertEquals(26002, t.node(2).clientPort());
        assertEquals(28003, t.node(3).httpPort());
        assertEquals(Topology.TimeSource.HLC, Topology.load(Path.of("..", "conf", "topologies", "one-region.yaml")).timeSource());
    }

    @Test
    void missingLatencyAndBadGroupSizesAreRefused() throws IOException {
        Path noLatency = dir.resolve("a.yaml");
        Files.writeString(noLatency, """
                name: a
                ports: {client_base: 1000, peer_base: 2000, http_base: 3000}
                regions:
                  - {name: x, epsilon_micros: 1000, nodes: [1, 2]}
                  - {name: y, epsilon_micros: 1000, nodes: [3]}
                latency_millis: {}
                """);
        IOException e = assertThrows(IOException.class, () -> Topology.load(noLatency));
        assertTrue(e.getMessage().contains("a.yaml:6: no latency given between x and y"), e.getMessage());
        Path fourNodes = dir.resolve("b.yaml");
        Files.writeString(fourNodes, """
                name: b
                ports: {client_base: 1000, peer_base: 2000, http_base: 3000}
                regions:
                  - {name: x, epsilon_micros: 1000, nodes: [1, 2, 3, 4]}
                latency_millis: {}
                """);
        assertTrue(assertThrows(IOException.class, () -> Topology.load(fourNodes)).getMessage().contains("3 or 5 nodes"));
    }

    private String errorFor(String yaml) throws IOException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, yaml);
        return assertThrows(IOException.class, () -> Topology.load(file)).getMessage();
    }

    private static final String REGIONS = """
            name: t
            ports: {client_base: 1000, peer_base: 2000, http_base: 3000}
            regions:
              - {name: x, epsilon_micros: 1000, nodes: [1, 2]}
              - {name: y, epsilon_micros: 1000, nodes: [3]}
            """;

    @Test
    void errorsNameTheLine() throws IOException {
        String unknown = errorFor(REGIONS + "latency_millis:\n  x: {y: 5}\n  mars: {x: 9}\n");
        assertTrue(unknown.contains("t.yaml:8: latency_millis names unknown region mars"), unknown);
        String negative = errorFor(REGIONS + "latency_millis:\n  x:\n    y: -4\n");
        assertTrue(negative.contains("t.yaml:8: latency from x to y must be a non-negative number"), negative);
        String replication = errorFor(REGIONS + "replication: 5\nlatency_millis:\n  x: {y: 5}\n");
        assertTrue(replication.contains("t.yaml:6: replication 5 with 3 nodes"), replication);
    }
}
