package io.meridian.paxos.driver;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.PaxosNode;
import java.util.Map;

/**
 * A snapshot of one replica, published by its loop after every event: safe to read from any
 * thread (status pages, metrics, tests), never used to make protocol decisions.
 *
 * <p>The lease, while leading: {@code [leaseSinceMicros, leaseEndMicros)} in TrueTime, where
 * {@code leaseSinceMicros} is when this replica acquired it (held without a break since) and
 * {@code leaseEndMicros} is when it runs out (both 0: none held). Whether it holds at a
 * given moment is {@link PaxosReplica#hasValidLease()}, which reads the clock. {@code followerMatch}
 * is, on a leader, the slots each follower is known to hold; empty otherwise.
 */
public record ReplicaStatus(int nodeId, PaxosNode.Role role, int leaderId, Ballot promised, long chosenIndex,
        long appliedIndex, long lastIndex, boolean readyLeader, long leaseSinceMicros, long leaseEndMicros,
        Map<Integer, Long> followerMatch) {
    public ReplicaStatus {
        followerMatch = Map.copyOf(followerMatch);
    }
}
