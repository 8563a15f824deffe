package io.meridian.paxos.driver;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosNode;

/**
 * A snapshot of one replica, published by its loop after every event: safe to read from any
 * thread (status pages, metrics, tests), never used to make protocol decisions. The log holds
 * slots above {@code compactedIndex}; {@code snapshotIndex} is the newest snapshot's slot.
 */
public record ReplicaStatus(int nodeId, PaxosNode.Role role, int leaderId, Ballot promised, long chosenIndex,
        long appliedIndex, long lastIndex, boolean readyLeader, long compactedIndex, long snapshotIndex,
        Membership membership) {
}
