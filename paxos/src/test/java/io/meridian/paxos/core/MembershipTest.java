package io.meridian.paxos.core;

import static io.meridian.paxos.core.TestCluster.HEARTBEAT_TICKS;
import static io.meridian.paxos.core.TestCluster.touching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.PaxosNode.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Membership changes in the core, message by message: quorums follow the membership governing each slot. */
class MembershipTest {
    private static TestCluster withLeader() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(1).role());
        c.tick(1, HEARTBEAT_TICKS);
        c.deliverAll();
        return c;
    }

    @Test
    void learnersReceiveTheLogButDoNotCountTowardQuorums() {
        TestCluster c = withLeader();
        c.startSpare(4);
        long slot = c.proposeMembership(1, c.node(1).membership().withLearner(4));
        assertTrue(slot > 0);
        c.deliverAll();
        assertEquals(new Membership(Set.of(1, 2, 3), Set.of(4)), c.node(4).membership());
        // With 2 and 3 cut off, the leader and the learner are not a quorum.
        long before = c.node(1).chosenIndex();
        c.propose(1, "x");
        c.deliverWhere(m -> !touching(2).test(m) && !touching(3).test(m));
        c.drop(m -> touching(2).test(m) || touching(3).test(m));
        assertEquals(before, c.node(1).chosenIndex());
        assertEquals(c.node(1).lastIndex(), c.node(4).lastIndex(), "the learner holds the entry");
        // Once 2 and 3 hear the leader again the slot is chosen; then 4 is promoted to voter.
        c.tick(1, HEARTBEAT_TICKS);
        c.deliverAll();
        assertTrue(c.proposeMembership(1, c.node(1).membership().promoted(4)) > 0);
        c.deliverAll();
        assertEquals(Membership.ofVoters(List.of(1, 2, 3, 4)), c.node(1).membership());
        assertEquals(-1, c.proposeMembership(1, c.node(1).membership().without(2).without(3)),
                "two replicas at once is refused");
    }

    /**
     * Node 3 never heard that it was removed. Campaigning from its stale view ({1, 2, 3}) it gets a
     * quorum of that view from node 2, whose promise reveals the change to {1, 2}: it also needs a
     * quorum of {1, 2}, which node 1 being down denies. A value chosen under {1, 2} therefore
     * cannot be overwritten by a candidate that only knew the old membership.
     */
    @Test
    void candidateNeedsAQuorumOfEveryChangeItLearnsFromPromises() {
        TestCluster c = withLeader();
        c.drop(touching(3));
        assertTrue(c.proposeMembership(1, c.node(1).membership().without(3)) > 0);
        c.deliverWhere(m -> !touching(3).test(m));
        c.drop(touching(3));
        long x = c.propose(1, "x");
        c.deliverWhere(m -> !touching(3).test(m));
        c.tick(1, HEARTBEAT_TICKS);
        c.deliverWhere(m -> !touching(3).test(m));
        c.drop(touching(3));
        assertTrue(c.node(2).chosenIndex() >= x);
        assertEquals(Membership.ofVoters(List.of(1, 2)), c.node(2).membership());
        assertEquals(Membership.ofVoters(List.of(1, 2, 3)), c.node(3).membership());

        c.crash(1);
        c.loseLeader(2, 3);
        c.campaign(3);
        c.deliverWhere(m -> m instanceof PaxosMessage.Prepare);
        assertEquals(1, c.deliverWhere(m -> m instanceof PaxosMessage.Promise), "node 2 promises node 3");
        assertNotEquals(Role.LEADER, c.node(3).role(), "a quorum of {1, 2, 3} alone is not enough");
        c.deliverAll();
        c.campaign(2);
        c.deliverAll();
        assertNotEquals(Role.LEADER, c.node(2).role(), "{1, 2} has no quorum while 1 is down");

        c.restart(1);
        c.campaign(2);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(2).role());
        c.tick(2, HEARTBEAT_TICKS);
        c.deliverAll();
        assertTrue(c.applied(2).contains("x"));
        assertEquals(c.applied(1), c.applied(2));
    }

    /**
     * Sim seeds 235 and 407 (membership harness): a leader whose own removal is logged but not
     * chosen must still be able to campaign (it may be the only replica up to date enough to
     * finish the change), and must pre-vote first even with pre-vote off, so that a removed
     * replica that never learned of its removal cannot depose a live leader.
     */
    @Test
    void replicaWhoseRemovalIsOnlyLoggedCampaignsButPreVotesFirst() {
        TestCluster c = new TestCluster(3, 8, false);
        c.campaign(1);
        c.deliverAll();
        c.tick(1, HEARTBEAT_TICKS);
        c.deliverAll();
        assertTrue(c.proposeMembership(1, c.node(1).membership().without(1)) > 0);
        c.drop(touching(1));
        assertEquals(Membership.ofVoters(List.of(2, 3)), c.node(1).membership());
        boolean preVoted = false;
        boolean realPrepare = false;
        for (int t = 0; t < 6 * TestCluster.ELECTION_TICKS; t++) {
            c.tick(1, 1);
            for (PaxosMessage m : c.queued()) {
                if (m.from() == 1 && m instanceof PaxosMessage.Prepare p) {
                    preVoted |= p.ballot().isPreVote();
                    realPrepare |= !p.ballot().isPreVote();
                }
            }
            c.drop(touching(1));
        }
        assertNotEquals(Role.LEADER, c.node(1).role(), "cut off, it stepped down");
        assertTrue(preVoted, "it asks to campaign");
        assertTrue(!realPrepare, "but never with a real Prepare before a quorum said yes");
    }

    /**
     * Sim seed 10985 (pre-vote off): node 5 was removed while cut off and never learned it, so it
     * campaigns, straight to real Prepares, every election timeout. Node 4, lagging behind the
     * leader's compacted prefix, still lists node 5. Had node 4 promised each ballot it would
     * have rejected every snapshot chunk of the leader in a lower one, and had the leader
     * promised, it would have stepped down: the group never healed. A replica that hears a live
     * leader now ignores other candidates' Prepares (leader stickiness), so node 5 is ignored and
     * node 4 catches up by snapshot.
     */
    @Test
    void removedReplicaCampaigningWithoutPreVoteCannotDisruptALiveLeader() {
        TestCluster c = new TestCluster(5, 8, false);
        c.compaction(new Compaction(1_000, 0, 16));
        c.campaign(1);
        c.deliverAll();
        c.tick(1, HEARTBEAT_TICKS);
        c.deliverAll();
        Predicate<PaxosMessage> reaches4or5 = touching(4).or(touching(5));
        assertTrue(c.proposeMembership(1, c.node(1).membership().without(5)) > 0);
        for (int i = 0; i < 10; i++) {
            c.propose(1, "v" + i);
        }
        c.tick(1, HEARTBEAT_TICKS);
        c.deliverWhere(reaches4or5.negate());
        c.drop(reaches4or5);
        assertEquals(Membership.ofVoters(List.of(1, 2, 3, 4)), c.node(2).membership());
        assertEquals(Membership.ofVoters(List.of(1, 2, 3, 4, 5)), c.node(4).membership(), "4 lags");
        long snapshot = c.snapshot(1);
        assertTrue(snapshot > c.node(4).chosenIndex(), "4 can only catch up by snapshot");
        Ballot leaderBallot = c.node(1).promised();

        int prepares = 0;
        for (int t = 0; t < 5 * TestCluster.ELECTION_TICKS; t++) {
            c.tickAll(1);
            for (PaxosMessage m : c.queued()) {
                prepares += m.from() == 5 && m instanceof PaxosMessage.Prepare ? 1 : 0;
            }
            c.deliverAll();
        }
        assertTrue(prepares >= 4 * 3, "node 5 kept campaigning: " + prepares + " Prepares");
        assertEquals(Role.LEADER, c.node(1).role());
        assertEquals(leaderBallot, c.node(1).promised(), "nobody promised node 5");
        assertEquals(leaderBallot, c.node(4).promised());
        assertEquals(c.applied(1), c.applied(4), "4 caught up by snapshot");
        assertTrue(c.node(4).compactedIndex() >= snapshot);
        assertEquals(Membership.ofVoters(List.of(1, 2, 3, 4)), c.node(4).membership());
    }

    @Test
    void addressesRideInTheChangeThatAddsAMemberAndLeaveWithIt() {
        Membership start = Membership.ofVoters(List.of(1, 2, 3));
        Membership learner = start.withLearner(4, "region=east peer=27104");
        Membership promoted = learner.promoted(4);
        assertEquals(Map.of(4, "region=east peer=27104"), promoted.addresses());
        assertEquals(promoted, Membership.decode(promoted.encode()));
        assertTrue(start.isSingleChangeTo(learner));
        assertFalse(learner.isSingleChangeTo(new Membership(Set.of(1, 2, 3, 4), Set.of(), Map.of(4, "elsewhere"))),
                "an address changes only with its node's membership");
        assertEquals(Map.of(), promoted.without(4).addresses());
        // A change written before the address book (no address section) still decodes.
        assertArrayEquals(start.encode(), new Membership(Set.of(1, 2, 3), Set.of()).encode());
        assertEquals(start, Membership.decode(start.encode()));
        assertThrows(IllegalArgumentException.class, () -> start.withLearner(5, "x".repeat(Membership.ADDRESS_BYTES_MAX + 1)));
        assertThrows(IllegalArgumentException.class, () -> new Membership(Set.of(1), Set.of(), Map.of(2, "not a member")));
    }
}
