package io.meridian.paxos.core;

import java.util.List;

/**
 * Static shape of one replica: its id, the group's members (itself included), and its timers in
 * ticks. The election timeout is drawn per campaign from [electionTicks, 2 * electionTicks).
 * With {@code preVote} a replica whose timer fires first asks whether a quorum would promise it
 * (without anyone changing state) and campaigns only if so: a replica cut off from the group then
 * cannot raise its ballot while away and depose a healthy leader when it returns.
 * {@code cachedAppliedSlotsMax} bounds the memory the log takes: applied entries beyond it are
 * dropped from memory and read back from disk when a trailing follower or a candidate needs them.
 * {@code leaseMicros} is the leader lease length in TrueTime microseconds (used only when the
 * driver gives the node a clock); see {@link #LEASE_MICROS_DEFAULT} and {@link LeaseKeeper}.
 */
public record PaxosConfig(int nodeId, List<Integer> members, int heartbeatTicks, int electionTicks,
        int entriesPerMessageMax, boolean preVote, int cachedAppliedSlotsMax, long leaseMicros) {
    /** Applied entries kept in memory for followers that trail a little; older ones are read from disk. */
    public static final int CACHED_APPLIED_SLOTS_DEFAULT = 1024;
    /**
     * One second: no longer than the shortest election timeout of the servers' replicas (1 s in a
     * cluster, 1.5 s embedded), so a dead leader's lease has run out by the time a follower's
     * timer fires and leases never slow a failover; and several times a heartbeat (100 ms) plus
     * the widest round trip (300 ms between regions) plus 2 epsilon, so a healthy leader renews
     * long before expiry and keeps serving local reads through a few lost heartbeats.
     */
    public static final long LEASE_MICROS_DEFAULT = 1_000_000;

    public PaxosConfig {
        members = List.copyOf(members);
        if (nodeId <= 0 || !members.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " must be a positive id in " + members);
        }
        for (int member : members) {
            if (member <= 0) {
                throw new IllegalArgumentException("member ids must be positive: " + members);
            }
        }
        if (heartbeatTicks <= 0 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 0 < heartbeatTicks < electionTicks");
        }
        if (entriesPerMessageMax <= 0) {
            throw new IllegalArgumentException("entriesPerMessageMax must be positive");
        }
        if (cachedAppliedSlotsMax < 0) {
            throw new IllegalArgumentException("cachedAppliedSlotsMax must not be negative");
        }
        if (leaseMicros <= 0) {
            throw new IllegalArgumentException("leaseMicros must be positive, got " + leaseMicros);
        }
    }

    public PaxosConfig(int nodeId, List<Integer> members, int heartbeatTicks, int electionTicks,
            int entriesPerMessageMax, boolean preVote, int cachedAppliedSlotsMax) {
        this(nodeId, members, heartbeatTicks, electionTicks, entriesPerMessageMax, preVote, cachedAppliedSlotsMax,
                LEASE_MICROS_DEFAULT);
    }

    /** The same replica with another lease length. */
    public PaxosConfig withLeaseMicros(long micros) {
        return new PaxosConfig(nodeId, members, heartbeatTicks, electionTicks, entriesPerMessageMax, preVote,
                cachedAppliedSlotsMax, micros);
    }

    public PaxosConfig(int nodeId, List<Integer> members, int heartbeatTicks, int electionTicks,
            int entriesPerMessageMax, boolean preVote) {
        this(nodeId, members, heartbeatTicks, electionTicks, entriesPerMessageMax, preVote,
                CACHED_APPLIED_SLOTS_DEFAULT);
    }

    /** Pre-vote on: what every replica should run. */
    public PaxosConfig(int nodeId, List<Integer> members, int heartbeatTicks, int electionTicks,
            int entriesPerMessageMax) {
        this(nodeId, members, heartbeatTicks, electionTicks, entriesPerMessageMax, true, CACHED_APPLIED_SLOTS_DEFAULT);
    }

    public int quorum() {
        return members.size() / 2 + 1;
    }
}
