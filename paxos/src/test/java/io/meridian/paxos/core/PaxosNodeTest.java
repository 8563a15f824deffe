package io.meridian.paxos.core;

import static io.meridian.paxos.core.TestCluster.ELECTION_TICKS;
import static io.meridian.paxos.core.TestCluster.between;
import static io.meridian.paxos.core.TestCluster.touching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.PaxosMessage.Accept;
import io.meridian.paxos.core.PaxosMessage.Accepted;
import io.meridian.paxos.core.PaxosMessage.Prepare;
import io.meridian.paxos.core.PaxosNode.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Focused, hand-driven scenarios; the seeded simulation covers the combinations. */
class PaxosNodeTest {

    /** Node 1 campaigns and wins; its election no-op is chosen everywhere. */
    private static TestCluster withLeader(int size, int entriesPerMessageMax) {
        TestCluster c = new TestCluster(size, entriesPerMessageMax, true);
        c.campaign(1);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(1).role());
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        return c;
    }

    @Test
    void electsOneLeaderAndReplicatesToAll() {
        TestCluster c = withLeader(3, 8);
        assertEquals(1, c.node(2).leaderId());
        assertEquals(1, c.node(3).leaderId());
        assertTrue(c.node(1).isReadyLeader());
        long slot = c.propose(1, "a");
        assertEquals(2, slot, "slot 1 is the election no-op");
        c.deliverAll();
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        for (int id = 1; id <= 3; id++) {
            assertEquals(List.of("-", "a"), c.applied(id), "node " + id);
        }
    }

    @Test
    void followerRefusesToProposeAndCandidateWithoutQuorumDoesNotLead() {
        TestCluster c = new TestCluster(3);
        assertEquals(-1, c.node(2).propose(new byte[] {1}));
        c.campaign(1);
        c.drop(m -> true);
        assertEquals(Role.CANDIDATE, c.node(1).role());
        assertEquals(-1, c.node(1).propose(new byte[] {1}));
    }

    @Test
    void newLeaderRecoversValueAcceptedOnlyByAMinorityOfTheOldBallot() {
        TestCluster c = withLeader(3, 8);
        long slot = c.propose(1, "x");
        // Only node 2 hears the Accept, and its answer is lost: "x" sits on a minority.
        c.deliverWhere(m -> m instanceof Accept && m.to() == 2);
        c.drop(m -> true);
        assertEquals(Role.LEADER, c.node(1).role());
        c.crash(1);
        c.loseLeader(2, 3);

        c.campaign(3);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(3).role());
        c.tick(3, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        assertEquals("x", c.applied(3).get((int) slot - 1), "recovered, re-proposed and chosen");
        assertEquals(c.applied(3), c.applied(2));
        assertEquals(c.node(3).promised(), c.disk(2).get(slot).ballot(), "re-stamped with the new ballot");
    }

    @Test
    void newLeaderFillsGapsWithNoops() {
        TestCluster c = withLeader(3, 1);
        long a = c.propose(1, "a");
        long b = c.propose(1, "b");
        long d = c.propose(1, "d");
        // Node 2 receives only the Accept for the last slot; everything else is lost.
        c.deliverWhere(m -> m instanceof Accept acc && m.to() == 2 && !acc.entries().isEmpty()
                && acc.entries().get(0).index() == d);
        c.drop(m -> true);
        c.crash(1);
        c.loseLeader(2, 3);

        c.campaign(2);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(2).role());
        c.tick(2, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        List<String> applied = c.applied(2);
        assertEquals("-", applied.get((int) a - 1));
        assertEquals("-", applied.get((int) b - 1));
        assertEquals("d", applied.get((int) d - 1));
        assertEquals("-", applied.get((int) d), "the new leader's own election no-op");
        assertEquals(applied, c.applied(3));
    }

    @Test
    void followerCatchesUpAfterMissingMessages() {
        TestCluster c = withLeader(3, 4);
        for (int i = 0; i < 40; i++) {
            c.propose(1, "c" + i);
            c.drop(touching(3));
            c.deliverAll();
        }
        assertEquals(41, c.applied(1).size());
        assertEquals(1, c.applied(3).size(), "node 3 heard nothing");
        // Links heal; heartbeats find node 3 behind and refill it in batches.
        for (int round = 0; round < 20 && c.applied(3).size() < 41; round++) {
            c.tick(1, TestCluster.HEARTBEAT_TICKS);
            c.deliverAll();
        }
        assertEquals(c.applied(1), c.applied(3));
    }

    @Test
    void outOfOrderBatchesAreAcceptedWithoutRetransmissionStorm() {
        TestCluster c = withLeader(3, 1);
        for (int i = 0; i < 30; i++) {
            c.propose(1, "c" + i);
        }
        // Deliver the Accepts to node 2 newest first: every one arrives "early".
        List<PaxosMessage> toTwo = c.queued().stream().filter(m -> m instanceof Accept && m.to() == 2).toList();
        c.queued().removeAll(toTwo);
        for (int i = toTwo.size() - 1; i >= 0; i--) {
            c.step(toTwo.get(i));
        }
        int delivered = c.deliverAll();
        assertTrue(delivered < 200, "reordering must not multiply messages: " + delivered);
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        assertEquals(c.applied(1), c.applied(2));
        assertEquals(31, c.applied(2).size());
    }

    @Test
    void followerRestartedBehindItsReportedMatchIsRefilled() {
        TestCluster c = withLeader(3, 8);
        for (int i = 0; i < 5; i++) {
            c.propose(1, "c" + i);
        }
        // Node 3 accepts everything but never learns it is chosen, then restarts: it no longer
        // knows which of its entries are chosen, so it reports less than the leader recorded.
        c.deliverWhere(m -> !(m instanceof Accept acc && acc.to() == 3 && acc.entries().isEmpty()));
        c.drop(m -> m.to() == 3);
        c.crash(3);
        c.restart(3);
        for (int i = 5; i < 10; i++) {
            c.propose(1, "c" + i);
        }
        for (int round = 0; round < 10; round++) {
            c.tick(1, TestCluster.HEARTBEAT_TICKS);
            c.deliverAll();
        }
        assertEquals(c.applied(1), c.applied(3));
        assertEquals(11, c.applied(3).size());
    }

    @Test
    void leaderCutOffFromQuorumStepsDown() {
        TestCluster c = withLeader(3, 8);
        for (int t = 0; t < 2 * ELECTION_TICKS; t++) {
            c.tick(1, 1);
            c.drop(touching(1));
        }
        assertEquals(Role.FOLLOWER, c.node(1).role());
        assertFalse(c.node(1).isReadyLeader());
        assertEquals(-1, c.node(1).propose(new byte[] {1}));
    }

    @Test
    void leaderWithQuorumKeepsLeadingWhileOneFollowerIsDown() {
        TestCluster c = withLeader(3, 8);
        c.crash(3);
        for (int t = 0; t < 5 * ELECTION_TICKS; t++) {
            c.tick(1, 1);
            c.tick(2, 1);
            c.deliverAll();
        }
        assertEquals(Role.LEADER, c.node(1).role());
        assertEquals(1, c.node(2).leaderId());
    }

    @Test
    void isolatedReplicaDoesNotInflateItsBallotOrDeposeTheLeader() {
        TestCluster c = withLeader(3, 8);
        Ballot leaderBallot = c.node(1).promised();
        for (int t = 0; t < 10 * ELECTION_TICKS; t++) {
            c.tickAll(1);
            c.drop(touching(3));
            c.deliverAll();
        }
        assertEquals(leaderBallot, c.node(3).promised(), "pre-votes change nobody's promise");
        assertEquals(Role.FOLLOWER, c.node(3).role());
        // Back in touch: node 3 follows the same leader, whose ballot never changed.
        for (int t = 0; t < 2 * ELECTION_TICKS; t++) {
            c.tickAll(1);
            c.deliverAll();
        }
        assertEquals(Role.LEADER, c.node(1).role());
        assertEquals(leaderBallot, c.node(1).promised());
        assertEquals(1, c.node(3).leaderId());
    }

    @Test
    void withoutPreVoteAnIsolatedReplicaDeposesTheLeaderOnReturn() {
        TestCluster c = new TestCluster(3, 8, false);
        c.campaign(1);
        c.deliverAll();
        Ballot leaderBallot = c.node(1).promised();
        for (int t = 0; t < 10 * ELECTION_TICKS; t++) {
            c.tickAll(1);
            c.drop(touching(3));
            c.deliverAll();
        }
        assertTrue(c.node(3).promised().round() > leaderBallot.round() + 3, "campaigned alone, over and over");
        for (int t = 0; t < 4 * ELECTION_TICKS; t++) {
            c.tickAll(1);
            c.deliverAll();
        }
        assertTrue(c.node(1).promised().isAbove(leaderBallot), "the healthy leader's ballot was superseded");
    }

    @Test
    void preVoteAloneChangesNoPromise() {
        TestCluster c = withLeader(3, 8);
        Ballot before = c.node(2).promised();
        c.step(new Prepare(3, 2, Ballot.preVote(before.round() + 5, 3), 1));
        assertEquals(before, c.node(2).promised());
        assertTrue(c.queued().isEmpty(), "a follower with a live leader does not answer a pre-vote");
    }

    @Test
    void malformedOrMisaddressedMessagesAreIgnoredNotFatal() {
        TestCluster c = withLeader(3, 8);
        PaxosNode n2 = c.node(2);
        Ballot b = c.node(1).promised();
        long ignored = n2.messagesIgnored();
        n2.step(new Accepted(1, 3, b, 5));                                   // not addressed to 2
        n2.step(new Accepted(9, 2, b, 5));                                   // not a member
        n2.step(new Accept(1, 2, b, List.of(new LogEntry(7, new Ballot(0, 1), new byte[0])), 0));
        n2.step(new Accept(1, 2, b, List.of(new LogEntry(7, b, new byte[0]), new LogEntry(9, b, new byte[0])), 0));
        n2.step(new Accept(3, 2, b, List.of(), 0));                          // ballot is not the sender's
        assertEquals(ignored + 5, n2.messagesIgnored());
        assertEquals(Role.FOLLOWER, n2.role());
    }

    @Test
    void farBehindCandidateIsRefusedAndAnUpToDateReplicaWins() {
        TestCluster c = withLeader(3, 64);
        c.crash(3);
        long total = PaxosNode.CANDIDATE_LAG_SLOTS_MAX + 100;
        for (long i = 0; i < total; i++) {
            if (c.propose(1, "c" + i) < 0) {
                c.deliverAll();
                c.propose(1, "c" + i);
            }
            if (i % 64 == 0) {
                c.deliverAll();
            }
        }
        c.deliverAll();
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        c.crash(1);
        c.restart(3);
        c.campaign(3);
        c.deliverAll();
        assertEquals(Role.CANDIDATE, c.node(3).role(), "node 2 refuses a candidate this far behind");
        c.campaign(2);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(2).role());
        for (int round = 0; round < 200 && c.applied(3).size() < c.applied(2).size(); round++) {
            c.tick(2, TestCluster.HEARTBEAT_TICKS);
            c.deliverAll();
        }
        assertEquals(c.applied(2), c.applied(3));
    }

    @Test
    void leaderPushesBackWhenTooManyProposalsAreUnchosen() {
        TestCluster c = withLeader(3, 8);
        c.crash(2);
        c.crash(3);
        long accepted = 0;
        while (c.propose(1, "p" + accepted) > 0) {
            accepted++;
        }
        assertEquals(PaxosNode.UNCHOSEN_SLOTS_MAX, accepted);
    }

    @Test
    void memoryHoldsOnlyTheCacheAndATrailingFollowerIsServedFromDisk() {
        TestCluster c = new TestCluster(3, 4, true, 8);
        c.campaign(1);
        c.deliverAll();
        c.crash(3);
        for (int i = 0; i < 100; i++) {
            c.propose(1, "c" + i);
            c.deliverAll();
        }
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        c.deliverAll();
        assertEquals(101, c.applied(1).size());
        assertTrue(c.node(1).cachedEntries() <= 8, "leader keeps " + c.node(1).cachedEntries());
        assertTrue(c.node(2).cachedEntries() <= 8, "follower keeps " + c.node(2).cachedEntries());

        c.restart(3);
        for (int round = 0; round < 50 && c.applied(3).size() < 101; round++) {
            c.tick(1, TestCluster.HEARTBEAT_TICKS);
            c.deliverAll();
        }
        assertEquals(c.applied(1), c.applied(3));
        // A restart reads back only the cached tail.
        c.crash(1);
        c.restart(1);
        assertTrue(c.node(1).cachedEntries() <= 8, "restarted node keeps " + c.node(1).cachedEntries());
    }

    /**
     * Regression (soak seeds 101726, 105760, 114627, 200125 of an earlier harness): any reply ended
     * a probe, so a reply delayed from long before rewound the pipeline and resent the whole
     * window; with long delays this kept a backlog of tens of thousands of messages alive.
     */
    @Test
    void staleReplyDoesNotEndAProbeOrRewindThePipeline() {
        TestCluster c = withLeader(3, 1);
        c.propose(1, "early");
        c.deliverWhere(m -> m instanceof Accept && m.to() == 3);
        PaxosMessage stale = c.queued().stream().filter(m -> m instanceof Accepted && m.from() == 3)
                .findFirst().orElseThrow();
        c.queued().remove(stale);
        c.deliverAll();
        for (int i = 0; i < 20; i++) {
            c.propose(1, "c" + i);
        }
        c.drop(touching(3));
        c.deliverAll();
        // Node 3 hears nothing for two heartbeats: the leader probes from what it last reported.
        for (int beat = 0; beat < TestCluster.STALLED_HEARTBEATS; beat++) {
            c.tick(1, TestCluster.HEARTBEAT_TICKS);
            c.drop(touching(3));
            c.deliverAll();
        }
        c.tick(1, TestCluster.HEARTBEAT_TICKS);
        long probes = c.queued().stream().filter(m -> m instanceof Accept a && a.to() == 3 && !a.entries().isEmpty())
                .count();
        assertEquals(1, probes, "one probe batch, not the window");
        c.drop(touching(3));
        c.step(stale);
        long resent = c.queued().stream().filter(m -> m instanceof Accept && m.to() == 3).count();
        assertEquals(0, resent, "an old reply changes nothing");
        for (int round = 0; round < 10; round++) {
            c.tick(1, TestCluster.HEARTBEAT_TICKS);
            c.deliverAll();
        }
        assertEquals(c.applied(1), c.applied(3));
    }
}
