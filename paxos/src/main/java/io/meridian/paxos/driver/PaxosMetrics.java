package io.meridian.paxos.driver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One replica's meters, all tagged with its group: leader changes it observed, commit latency
 * (propose to chosen and applied here, on the proposing leader), log size, replication lag per
 * follower (leader only), and whether it holds a lease. Gauges read the published
 * {@link ReplicaStatus}, so scrapes never touch the loop. The per-follower gauges follow the
 * membership ({@link #followMembers}, from the loop): a replica added later gets one, a removed one
 * loses it. Without a registry every call is a no-op.
 */
final class PaxosMetrics {
    private final MeterRegistry registry;
    private final PaxosReplica replica;
    private final Tags group;
    private final Counter leaderChanges;
    private final Counter snapshotsInstalled;
    private final Timer commitLatency;
    private final Map<Integer, Gauge> lagGauges = new TreeMap<>();

    private PaxosMetrics(MeterRegistry registry, PaxosReplica replica, Tags group, Counter leaderChanges,
            Counter snapshotsInstalled, Timer commitLatency) {
        this.registry = registry;
        this.replica = replica;
        this.group = group;
        this.leaderChanges = leaderChanges;
        this.snapshotsInstalled = snapshotsInstalled;
        this.commitLatency = commitLatency;
    }

    static PaxosMetrics none() {
        return new PaxosMetrics(null, null, null, null, null, null);
    }

    static PaxosMetrics register(MeterRegistry registry, PaxosReplica replica, Set<Integer> members) {
        if (registry == null) {
            return none();
        }
        Tags group = Tags.of("group", Long.toString(replica.groupId()));
        Counter leaderChanges = Counter.builder("meridian.paxos.leader.changes").tags(group)
                .description("times this replica saw the group's leader change (itself included)").register(registry);
        Counter snapshotsInstalled = Counter.builder("meridian.paxos.snapshots.installed").tags(group)
                .description("snapshots this replica installed to catch up (its log was too far behind)")
                .register(registry);
        Timer commitLatency = Timer.builder("meridian.paxos.commit.latency").tags(group)
                .description("proposal to chosen and applied, on the leader that proposed it")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("meridian.paxos.log.entries", replica, r -> logEntries(r.status())).tags(group)
                .description("slots held in this replica's log: last slot minus the compacted prefix")
                .register(registry);
        Gauge.builder("meridian.paxos.lease.held", replica, r -> r.hasValidLease() ? 1 : 0).tags(group)
                .description("1 while this replica leads with a valid leader lease").register(registry);
        PaxosMetrics metrics = new PaxosMetrics(registry, replica, group, leaderChanges, snapshotsInstalled,
                commitLatency);
        metrics.followMembers(members);
        return metrics;
    }

    /** Slots the log holds: from the first retained (after the compacted prefix) to the last. */
    static long logEntries(ReplicaStatus s) {
        return Math.max(0, s.lastIndex() - s.compactedIndex());
    }

    /** One replication-lag gauge per member but this replica: registers new members', removes departed ones'. */
    void followMembers(Set<Integer> members) {
        if (registry == null || (lagGauges.size() == members.size() - (members.contains(replica.nodeId()) ? 1 : 0)
                && members.containsAll(lagGauges.keySet()))) {
            return;
        }
        for (var it = lagGauges.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Gauge> e = it.next();
            if (!members.contains(e.getKey())) {
                registry.remove(e.getValue());
                it.remove();
            }
        }
        for (int member : members) {
            if (member != replica.nodeId() && !lagGauges.containsKey(member)) {
                lagGauges.put(member, Gauge.builder("meridian.paxos.replication.lag", replica, r -> lag(r.status(), member))
                        .tags(group.and("follower", Integer.toString(member)))
                        .description("slots the follower trails the leader's log by (NaN unless this replica leads)")
                        .register(registry));
            }
        }
    }

    private static double lag(ReplicaStatus s, int follower) {
        Long match = s.followerMatch().get(follower);
        return match == null ? Double.NaN : Math.max(0, s.lastIndex() - match);
    }

    void snapshotInstalled() {
        if (snapshotsInstalled != null) {
            snapshotsInstalled.increment();
        }
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
