package io.meridian.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `cluster add-node / remove-node` write and read: addresses, join plans, the cluster's node list. */
class MembershipLayoutTest {
    @TempDir
    Path dir;

    private static Topology topology() throws IOException {
        return Topology.load(Path.of("..", "conf", "topologies", "three-regions.yaml"));
    }

    @Test
    void anAddedNodesPortsFollowTheTopologysBasesAndItsAddressRoundTrips() throws IOException {
        Topology t = topology();
        Topology.Node four = t.extraNode(4, "eu-west");
        assertEquals(new Topology.Node(4, "eu-west", 26004, 27004, 28004), four);
        assertEquals(four, NodeAddresses.decode(4, NodeAddresses.encode(four)));
        assertEquals("region=eu-west client=26004 peer=27004 http=28004", NodeAddresses.encode(four));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> t.extraNode(4, "mars"));
        assertTrue(unknown.getMessage().contains("no region mars"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeAddresses.decode(4, "region=eu-west client=26004"));
        assertThrows(IllegalArgumentException.class,
                () -> NodeAddresses.decode(4, "region=eu-west client=99999 peer=1 http=2"));
        assertThrows(IllegalArgumentException.class, () -> NodeAddresses.decode(4, "region=\"x\" client=1 peer=1 http=2"));
    }

    @Test
    void aJoinPlanRoundTripsAndNeedsEveryVotersAddress() throws IOException {
        Topology t = topology();
        JoinPlan plan = new JoinPlan(t.extraNode(5, "ap-south"), List.of(2, 3, 4),
                Map.of(2, t.node(2), 3, t.node(3), 4, t.extraNode(4, "eu-west")));
        Path file = dir.resolve(JoinPlan.FILE);
        plan.write(file);
        assertEquals(plan, JoinPlan.read(file));
        assertThrows(IllegalArgumentException.class, () -> new JoinPlan(t.extraNode(5, "ap-south"), List.of(2, 3),
                Map.of(2, t.node(2))));
        assertThrows(IllegalArgumentException.class, () -> new JoinPlan(t.node(2), List.of(2, 3),
                Map.of(2, t.node(2), 3, t.node(3))), "a joining node is not already a voter");
        Files.writeString(file, "self.id=5\nself=region=ap-south client=x\nvoters=2\n");
        IOException bad = assertThrows(IOException.class, () -> JoinPlan.read(file));
        assertTrue(bad.getMessage().contains(file.toString()), bad.getMessage());
    }

    @Test
    void theLayoutKeepsAddedNodesAcrossClusterUpAndNeverReusesARemovedId() throws IOException {
        Topology t = topology();
        Path topologyFile = Path.of("..", "conf", "topologies", "three-regions.yaml");
        ClusterLayout layout = new ClusterLayout(dir.resolve("cluster"));
        layout.write(t, topologyFile);
        assertEquals(4, layout.nextNodeId());
        layout.recordAdded(t.extraNode(4, "eu-west"));
        layout.recordRemoved(1);
        layout.write(t, topologyFile); // `cluster up` again
        assertEquals(List.of(t.node(2), t.node(3), t.extraNode(4, "eu-west")), layout.nodes(t));
        assertEquals(List.of(1), layout.removedNodes());
        assertEquals(5, layout.nextNodeId());
        layout.recordRemoved(4);
        assertEquals(5, layout.nextNodeId(), "a removed node's id is never given again");
    }
}
