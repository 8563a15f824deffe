package io.meridian.paxos.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.core.PaxosNode.Role;
import io.meridian.truetime.TimeInterval;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Leases, leader transfer and meters through the driver, on a hand-driven network and a manual true time. */
class LeaseReplicaTest {
    private static final List<Integer> MEMBERS = List.of(1, 2, 3);
    private static final long LEASE = 10_000;
    private static final long EPSILON = 500;

    private final List<PaxosMessage> network = new ArrayList<>();
    private final Map<Integer, PaxosReplica> replicas = new HashMap<>();
    private final Map<Integer, SimpleMeterRegistry> registries = new HashMap<>();
    private long trueMicros = 1_000_000_000L;

    LeaseReplicaTest() {
        SplittableRandom random = new SplittableRandom(11);
        for (int id : MEMBERS) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            registries.put(id, registry);
            PaxosConfig config = new PaxosConfig(id, MEMBERS, 2, 10, 8).withLeaseMicros(LEASE);
            replicas.put(id, new PaxosReplica(1, config, random.split(), new MemoryStorage(),
                    new CountingStateMachine(), (group, m) -> network.add(m), Runnable::run,
                    () -> new TimeInterval(trueMicros - EPSILON, trueMicros + EPSILON), registry));
        }
        trueMicros += 2 * LEASE; // past every replica's start-up wait
    }

    private static final class MemoryStorage extends MemoryPaxosStorage {
    }

    private static final class CountingStateMachine implements StateMachine {
        long applied;

        @Override
        public void apply(LogEntry entry) {
            applied = entry.index();
        }

        @Override
        public long appliedIndex() {
            return applied;
        }
    }

    private void deliverWhere(Predicate<PaxosMessage> pass) {
        for (boolean progress = true; progress;) {
            progress = false;
            for (int i = 0; i < network.size(); i++) {
                PaxosMessage m = network.get(i);
                if (pass.test(m)) {
                    network.remove(i);
                    replicas.get(m.to()).receive(m);
                    progress = true;
                    break;
                }
            }
        }
    }

    private void heartbeat(int leader) {
        replicas.get(leader).tick();
        replicas.get(leader).tick();
        deliverWhere(m -> true);
    }

    private double gauge(int node, String name, String... tags) {
        return registries.get(node).get(name).tags(tags).gauge().value();
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        assertTrue(f.isDone(), "still pending: " + f);
        return assertThrows(ExecutionException.class, f::get).getCause();
    }

    @Test
    void leaseIsHeldAfterAQuorumGrantsItAndCoversOnlyReadsSinceItsLeaderWasReady() {
        PaxosReplica leader = replicas.get(1);
        leader.campaign();
        deliverWhere(m -> true);
        long beforeLease = trueMicros - EPSILON;
        trueMicros += 1_000;
        assertFalse(leader.hasValidLease());
        heartbeat(1);
        assertTrue(leader.hasValidLease());
        assertFalse(replicas.get(2).hasValidLease());
        assertEquals(1.0, gauge(1, "meridian.paxos.lease.held"));
        ReplicaStatus s = leader.status();
        assertEquals(trueMicros - EPSILON + LEASE, s.leaseEndMicros());
        assertEquals(trueMicros + EPSILON, s.leaseSinceMicros());
        assertTrue(leader.hasLeaseCovering(trueMicros + EPSILON + 1), "reads begun after the lease was asked for");
        assertFalse(leader.hasLeaseCovering(beforeLease), "reads begun before: maybe under an older leader");
        long firstSince = s.leaseSinceMicros();
        trueMicros += LEASE - 2 * EPSILON;
        assertFalse(leader.hasValidLease(), "ends at the request's earliest plus the lease, on the latest");
        assertEquals(0.0, gauge(1, "meridian.paxos.lease.held"));
        // A lease that lapsed and came back covers only reads begun after it came back.
        heartbeat(1);
        assertTrue(leader.hasValidLease());
        assertEquals(trueMicros + EPSILON, leader.status().leaseSinceMicros());
        assertFalse(leader.hasLeaseCovering(firstSince + 1));
    }

    @Test
    void metricsCountCommitsLeaderChangesLogAndLagPerFollower() throws Exception {
        replicas.get(1).campaign();
        deliverWhere(m -> true);
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Long> f = replicas.get(1).propose(("c" + i).getBytes(StandardCharsets.UTF_8));
            deliverWhere(m -> true);
            f.get();
        }
        assertEquals(3, registries.get(1).get("meridian.paxos.commit.latency").timer().count());
        assertEquals(4.0, gauge(1, "meridian.paxos.log.entries"));
        assertEquals(1.0, registries.get(1).get("meridian.paxos.leader.changes").counter().count());
        assertEquals(1.0, registries.get(2).get("meridian.paxos.leader.changes").counter().count());
        // Follower 3 misses two slots.
        replicas.get(1).propose("x".getBytes(StandardCharsets.UTF_8));
        replicas.get(1).propose("y".getBytes(StandardCharsets.UTF_8));
        deliverWhere(m -> m.to() != 3 && m.from() != 3);
        network.removeIf(m -> m.to() == 3 || m.from() == 3);
        assertEquals(2.0, gauge(1, "meridian.paxos.replication.lag", "follower", "3"));
        assertEquals(0.0, gauge(1, "meridian.paxos.replication.lag", "follower", "2"));
        assertTrue(Double.isNaN(gauge(2, "meridian.paxos.replication.lag", "follower", "3")), "followers know no lag");
    }

    @Test
    void lagGaugesFollowTheMembershipAndANewMembersAddressTravelsInTheLog() throws Exception {
        SimpleMeterRegistry registry4 = new SimpleMeterRegistry();
        registries.put(4, registry4);
        replicas.put(4, new PaxosReplica(1, new PaxosConfig(4, MEMBERS, 2, 10, 8).withLeaseMicros(LEASE),
                new SplittableRandom(4), new MemoryStorage(), new CountingStateMachine(), (group, m) -> network.add(m),
                Runnable::run, () -> new TimeInterval(trueMicros - EPSILON, trueMicros + EPSILON), registry4));
        PaxosReplica leader = replicas.get(1);
        leader.campaign();
        deliverWhere(m -> true);
        leader.propose("before".getBytes(StandardCharsets.UTF_8));
        deliverWhere(m -> true);
        assertNull(registries.get(1).find("meridian.paxos.replication.lag").tag("follower", "4").gauge());
        CompletableFuture<Membership> added = leader.addReplica(4, "region=east;peer=27104");
        for (int i = 0; i < 20 && !added.isDone(); i++) {
            heartbeat(1);
        }
        assertEquals(Set.of(1, 2, 3, 4), added.get().voters());
        assertEquals(Optional.of("region=east;peer=27104"), replicas.get(2).membership().address(4),
                "a follower learns the new member's address from its log");
        assertEquals(Optional.of("region=east;peer=27104"), replicas.get(4).membership().address(4));
        assertNull(leader.failure(), String.valueOf(leader.failure()));
        assertEquals(Set.of(1, 2, 3, 4), leader.status().membership().members());
        assertEquals(0.0, gauge(1, "meridian.paxos.replication.lag", "follower", "4"), "a member added later has a gauge");
        assertEquals(4.0, gauge(4, "meridian.paxos.log.entries"), "no-op, before, learner, promote");
        CompletableFuture<Membership> removed = leader.removeReplica(3);
        for (int i = 0; i < 20 && !removed.isDone(); i++) {
            heartbeat(1);
        }
        assertEquals(Set.of(1, 2, 4), removed.get().voters());
        assertNull(registries.get(1).find("meridian.paxos.replication.lag").tag("follower", "3").gauge(),
                "a removed member's gauge is gone");
        assertEquals(0.0, gauge(1, "meridian.paxos.replication.lag", "follower", "2"));
    }

    @Test
    void addingAgainResumesALearnersPromotionAndIsDoneForAVoter() throws Exception {
        replicas.put(4, new PaxosReplica(1, new PaxosConfig(4, MEMBERS, 2, 10, 8).withLeaseMicros(LEASE),
                new SplittableRandom(4), new MemoryStorage(), new CountingStateMachine(), (group, m) -> network.add(m),
                Runnable::run, () -> new TimeInterval(trueMicros - EPSILON, trueMicros + EPSILON), null));
        PaxosReplica leader = replicas.get(1);
        leader.campaign();
        deliverWhere(m -> true);
        // Node 4 is unreachable: it stays a learner and the change gives up (100 election timeouts).
        CompletableFuture<Membership> first = leader.addReplica(4, "east");
        for (int i = 0; i < 1_100 && !first.isDone(); i++) {
            leader.tick();
            deliverWhere(m -> m.to() != 4 && m.from() != 4);
            network.removeIf(m -> m.to() == 4 || m.from() == 4);
        }
        assertInstanceOf(java.util.concurrent.TimeoutException.class, failureOf(first));
        assertEquals(Set.of(4), leader.membership().learners());
        // Reachable now; the same request again resumes the catch-up and promotes it.
        CompletableFuture<Membership> again = leader.addReplica(4, "east");
        for (int i = 0; i < 20 && !again.isDone(); i++) {
            heartbeat(1);
        }
        assertEquals(Set.of(1, 2, 3, 4), again.get().voters());
        CompletableFuture<Membership> done = leader.addReplica(4, "east");
        deliverWhere(m -> true);
        assertEquals(again.get(), done.get(), "already a voter: nothing to do");
        assertInstanceOf(IllegalArgumentException.class, failureOf(leader.addReplica(4, "elsewhere")),
                "the same id at another address is not a retry");
    }

    @Test
    void transferWaitsForTheTargetToCatchUpThenItLeadsWithALease() throws Exception {
        PaxosReplica old = replicas.get(1);
        old.campaign();
        deliverWhere(m -> true);
        heartbeat(1);
        assertTrue(old.hasValidLease());
        // Target 3 misses a commit, so the handover waits for it.
        CompletableFuture<Long> missed = old.propose("missed".getBytes(StandardCharsets.UTF_8));
        deliverWhere(m -> m.to() != 3 && m.from() != 3);
        network.removeIf(m -> m.to() == 3 || m.from() == 3);
        assertEquals(2L, missed.get());
        CompletableFuture<Void> transfer = old.transferLeadership(3);
        assertFalse(transfer.isDone());
        assertTrue(old.hasValidLease(), "still serving while the target catches up");
        Throwable refused = failureOf(old.propose("during".getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, assertInstanceOf(NotLeaderException.class, refused).leaderHint());
        // Replies from 3 stall; the leader probes after a few heartbeats, then hands over.
        for (int i = 0; i < 4 && !transfer.isDone(); i++) {
            heartbeat(1);
        }
        transfer.get();
        assertEquals(Role.LEADER, replicas.get(3).status().role());
        assertFalse(old.hasValidLease());
        heartbeat(3);
        assertTrue(replicas.get(3).hasValidLease(), "the old lease was given up, not waited out");
        assertEquals(2.0, registries.get(1).get("meridian.paxos.leader.changes").counter().count());
    }

    @Test
    void transferIsRefusedByFollowersAndForStrangers() {
        replicas.get(1).campaign();
        deliverWhere(m -> true);
        assertInstanceOf(NotLeaderException.class, failureOf(replicas.get(2).transferLeadership(3)));
        assertInstanceOf(IllegalArgumentException.class, failureOf(replicas.get(1).transferLeadership(9)));
        assertTrue(replicas.get(1).transferLeadership(1).isDone(), "to itself: nothing to do");
    }

    @Test
    void transferToAnUnreachableTargetFailsAfterAnElectionTimeout() {
        replicas.get(1).campaign();
        deliverWhere(m -> true);
        CompletableFuture<Void> transfer = replicas.get(1).transferLeadership(2);
        for (int i = 0; i < 10; i++) {
            replicas.get(1).tick();
            deliverWhere(m -> m.to() == 3 || m.from() == 3);
            network.clear();
        }
        assertInstanceOf(LeaderTransferException.class, failureOf(transfer));
        assertEquals(Role.LEADER, replicas.get(1).status().role());
    }
}
