package io.meridian.paxos.core;

import java.util.List;

/**
 * Static shape of one replica: its id, the group's members (itself included), and its timers in
 * ticks. The election timeout is drawn per campaign from [electionTicks, 2 * electionTicks).
 */
public record PaxosConfig(int nodeId, List<Integer> members, int heartbeatTicks, int electionTicks,
        int entriesPerMessageMax) {
    public PaxosConfig {
        if (!members.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not in " + members);
        }
        if (heartbeatTicks <= 0 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 0 < heartbeatTicks < electionTicks");
        }
    }

    public int quorum() {
        return members.size() / 2 + 1;
    }
}
