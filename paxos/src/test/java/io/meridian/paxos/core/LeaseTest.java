package io.meridian.paxos.core;

import static io.meridian.paxos.core.TestCluster.touching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.PaxosNode.Role;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Leader leases and leader transfer, step by step: the numbers are the lease bounds of
 * {@link LeaseKeeper} worked out by hand (lease 10 ms, epsilon 0.5 ms, clocks off by up to 0.4 ms).
 */
class LeaseTest {
    private static final long LEASE = 10_000;
    private static final long EPSILON = 500;
    private static final Predicate<PaxosMessage> ALL = m -> true;

    /** Node 1 leads, ready, with a lease granted by the nodes {@code pass} lets hear it; returns the grant time. */
    private static long leaderWithLease(TestCluster c, Predicate<PaxosMessage> pass) {
        c.advanceTime(2 * LEASE); // past every node's start-up wait
        c.campaign(1);
        c.deliverAll();
        assertTrue(c.node(1).isReadyLeader());
        assertFalse(c.node(1).hasValidLease(), "no lease before a quorum granted one");
        long t0 = c.trueMicros;
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        assertFalse(c.node(1).hasValidLease(), "its own grant is not a quorum");
        c.deliverWhere(pass);
        c.drop(m -> !pass.test(m));
        assertTrue(c.node(1).hasValidLease());
        return t0;
    }

    @Test
    void leaseStartsAtTheRequestsEarliestAndEndsOneLengthLaterOnTheLatest() {
        TestCluster c = TestCluster.withLeases(3, LEASE, EPSILON);
        c.clockOffset(1, 400);
        long t0 = leaderWithLease(c, ALL);
        // Requested at earliest = t0 + 400 - 500; held while latest = now + 400 + 500 is below its end.
        assertEquals(t0 - 100 + LEASE, c.node(1).leaseEndMicros());
        c.advanceTime(LEASE - 1_000 - 1);
        assertTrue(c.node(1).hasValidLease());
        c.advanceTime(1);
        assertFalse(c.node(1).hasValidLease());
        // The next heartbeat renews it.
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        assertTrue(c.node(1).hasValidLease());
    }

    @Test
    void acceptorsPromiseNoOtherCandidateUntilTheirGrantHasSurelyEnded() {
        TestCluster c = TestCluster.withLeases(3, LEASE, EPSILON);
        c.clockOffset(1, 400);
        c.clockOffset(2, -400);
        // Node 3 hears nothing of the lease: node 2's grant is what holds node 1's lease.
        long t0 = leaderWithLease(c, touching(3).negate());
        Ballot leaderBallot = c.node(1).promised();
        Predicate<PaxosMessage> cutOff1 = touching(1).negate();
        // Node 2 granted at latest t0 - 400 + 500: it helps nobody else, itself included, until its
        // earliest (now - 400 - 500) passes t0 + 100 + LEASE, i.e. until true time t0 + 1000 + LEASE.
        c.advanceTime(1_000 + LEASE);
        c.loseLeader(2, 3);
        c.campaign(2);
        assertEquals(leaderBallot, c.node(2).promised(), "node 2 must not even promise itself");
        c.campaign(3);
        c.deliverWhere(cutOff1);
        c.drop(touching(1));
        assertEquals(Role.CANDIDATE, c.node(3).role(), "node 2 refused node 3, so it cannot win");
        assertEquals(leaderBallot, c.node(2).promised());
        c.advanceTime(1);
        c.campaign(3);
        c.deliverWhere(cutOff1);
        c.drop(touching(1));
        assertEquals(Role.LEADER, c.node(3).role());
        // By its own clock node 1's lease ended at true time t0 + LEASE - 1000: 2 ms before.
        assertFalse(c.node(1).hasValidLease());
        assertEquals(Role.LEADER, c.node(1).role(), "node 1 has not heard, yet knows its lease is over");
    }

    @Test
    void restartedAcceptorWaitsOutTheGrantItForgot() {
        TestCluster c = TestCluster.withLeases(3, LEASE, EPSILON);
        // Only node 2 grants (node 3 hears nothing): the lease rests on nodes 1 and 2.
        leaderWithLease(c, touching(3).negate());
        c.crash(2);
        c.restart(2);
        c.advanceTime(LEASE / 2);
        c.campaign(3);
        c.deliverWhere(touching(1).negate());
        c.drop(touching(1));
        assertTrue(c.node(1).hasValidLease());
        assertEquals(Role.CANDIDATE, c.node(3).role(), "a restarted acceptor must not promise during a lease it"
                + " may have granted");
        c.advanceTime(LEASE / 2 + 2 * EPSILON + 1);
        assertFalse(c.node(1).hasValidLease());
        c.campaign(3);
        c.deliverWhere(touching(1).negate());
        assertEquals(Role.LEADER, c.node(3).role());
    }

    @Test
    void transferHandsTheLeaseOverWithoutWaitingItOut() {
        TestCluster c = TestCluster.withLeases(3, LEASE, EPSILON);
        leaderWithLease(c, ALL);
        assertTrue(c.propose(1, "a") > 0);
        c.deliverAll();
        assertTrue(c.transfer(1, 3));
        assertEquals(-1, c.node(1).propose("b".getBytes()), "a leader handing over takes no proposals");
        assertFalse(c.node(1).hasValidLease(), "target already up to date: the lease is given up at once");
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(3).role());
        assertEquals(3, c.node(1).leaderId());
        assertTrue(c.node(3).isReadyLeader());
        assertEquals(List.of("-", "a", "-"), c.applied(3));
        c.tick(3, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        assertTrue(c.node(3).hasValidLease(), "no time passed: the old lease was relinquished, not waited out");
        assertFalse(c.node(1).hasValidLease());
    }

    /**
     * Followers that hear a live leader ignore other candidates (leader stickiness), but not the
     * target of a handover: here its Prepares reach nodes 2, 4 and 5 before the leader's
     * Relinquish does; each answers the Prepare it ignored once the Relinquish arrives.
     */
    @Test
    void transferTargetWinsEvenWhenItsPrepareOvertakesTheHandover() {
        TestCluster c = TestCluster.withLeases(5, LEASE, EPSILON);
        leaderWithLease(c, ALL);
        assertTrue(c.transfer(1, 3));
        assertEquals(1, c.deliverWhere(m -> m instanceof PaxosMessage.Relinquish && m.to() == 3));
        assertEquals(Role.CANDIDATE, c.node(3).role(), "told to campaign at once");
        assertEquals(3, c.deliverWhere(m -> m instanceof PaxosMessage.Prepare && m.to() != 1));
        assertTrue(c.queued().stream().noneMatch(m -> m instanceof PaxosMessage.Promise),
                "followers of a live leader ignore a Prepare: " + c.queued());
        c.deliverWhere(m -> !(m instanceof PaxosMessage.Prepare && m.to() == 1));
        assertEquals(Role.LEADER, c.node(3).role(), "nodes 2, 4 and 5 promised once handed over");
        c.tick(3, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        assertEquals(3, c.node(1).leaderId());
        assertTrue(c.node(3).isReadyLeader());
    }

    @Test
    void transferToAnUnreachableTargetIsAbandonedAndTheLeaseComesBack() {
        TestCluster c = TestCluster.withLeases(3, LEASE, EPSILON);
        leaderWithLease(c, ALL);
        Predicate<PaxosMessage> cutOff3 = touching(3).negate();
        assertTrue(c.transfer(1, 3));
        List<PaxosMessage> relinquishes = c.queued().stream().filter(m -> m instanceof PaxosMessage.Relinquish
                && m.to() == 2).toList();
        assertEquals(1, relinquishes.size());
        c.deliverWhere(cutOff3);
        c.drop(touching(3));
        assertFalse(c.node(1).hasValidLease());
        c.tick(1, TestCluster.ELECTION_TICKS);
        c.deliverWhere(cutOff3);
        c.drop(touching(3));
        assertEquals(-1, c.node(1).transferTarget(), "abandoned after an election timeout");
        assertTrue(c.propose(1, "after") > 0);
        // Requests must start above the announced floor (the leader's latest when it gave up).
        c.advanceTime(2 * EPSILON + 1);
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        c.deliverWhere(cutOff3);
        c.drop(touching(3));
        assertTrue(c.node(1).hasValidLease());
        // A duplicate of the old Relinquish arriving late must not release node 2's new grant.
        c.step(relinquishes.get(0));
        c.drop(ALL);
        c.step(new PaxosMessage.Prepare(3, 2, new Ballot(99, 3), 1));
        assertTrue(c.queued().stream().noneMatch(m -> m instanceof PaxosMessage.Promise),
                "node 2 still holds its grant to node 1: " + c.queued());
        assertTrue(c.node(1).hasValidLease());
    }
}
