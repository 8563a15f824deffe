package io.meridian.paxos.driver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * One replica's meters, all tagged with its group: leader changes it observed, commit latency
 * (propose to chosen and applied here, on the proposing leader), log size, replication lag per
 * follower (leader only), and whether it holds a lease. Gauges read the published
 * {@link ReplicaStatus}, so scrapes never touch the loop. Without a registry every call is a no-op.
 */
final class PaxosMetrics {
    private final MeterRegistry registry;
    private final Counter leaderChanges;
    private final Timer commitLatency;

    private PaxosMetrics(MeterRegistry registry, Counter leaderChanges, Timer commitLatency) {
        this.registry = registry;
        this.leaderChanges = leaderChanges;
        this.commitLatency = commitLatency;
    }

    static PaxosMetrics none() {
        return new PaxosMetrics(null, null, null);
    }

    static PaxosMetrics register(MeterRegistry registry, PaxosReplica replica, Iterable<Integer> members) {
        if (registry == null) {
            return none();
        }
        Tags group = Tags.of("group", Long.toString(replica.groupId()));
        Counter leaderChanges = Counter.builder("meridian.paxos.leader.changes").tags(group)
                .description("times this replica saw the group's leader change (itself included)").register(registry);
        Timer commitLatency = Timer.builder("meridian.paxos.commit.latency").tags(group)
                .description("proposal to chosen and applied, on the leader that proposed it")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("meridian.paxos.log.entries", replica, r -> r.status().lastIndex()).tags(group)
                .description("slots in this replica's log (held on disk; no compaction yet)").register(registry);
        Gauge.builder("meridian.paxos.lease.held", replica, r -> r.hasValidLease() ? 1 : 0).tags(group)
                .description("1 while this replica leads with a valid leader lease").register(registry);
        for (int member : members) {
            if (member == replica.nodeId()) {
                continue;
            }
            Gauge.builder("meridian.paxos.replication.lag", replica, r -> lag(r.status(), member))
                    .tags(group.and("follower", Integer.toString(member)))
                    .description("slots the follower trails the leader's log by (NaN unless this replica leads)")
                    .register(registry);
        }
        return new PaxosMetrics(registry, leaderChanges, commitLatency);
    }

    private static double lag(ReplicaStatus s, int follower) {
        Long match = s.followerMatch().get(follower);
        return match == null ? Double.NaN : Math.max(0, s.lastIndex() - match);
    }

    void leaderChanged() {
        if (leaderChanges != null) {
            leaderChanges.increment();
        }
    }

    /** A running commit timer, or null without a registry. */
    Timer.Sample startCommit() {
        return registry == null ? null : Timer.start(registry);
    }

    void committed(Timer.Sample sample) {
        if (sample != null) {
            sample.stop(commitLatency);
        }
    }
}
