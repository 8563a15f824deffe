package io.meridian.paxos.core;

import static io.meridian.paxos.core.TestCluster.HEARTBEAT_TICKS;
import static io.meridian.paxos.core.TestCluster.touching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.PaxosMessage.InstallSnapshot;
import io.meridian.paxos.core.PaxosMessage.SnapshotAck;
import io.meridian.paxos.core.PaxosNode.Role;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Log compaction and snapshot catch-up in the core, message by message. */
class SnapshotCatchUpTest {
    private static final int CHUNK_BYTES = 16;

    /** A leader (node 1) that committed {@code commands} slots while node 3 heard nothing. */
    private static TestCluster leaderWithNode3Behind(int commands) {
        TestCluster c = new TestCluster(3, 8, true);
        c.compaction(new Compaction(1_000, 0, CHUNK_BYTES));
        c.campaign(1);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(1).role());
        for (int i = 0; i < commands; i++) {
            c.propose(1, "command-" + i);
            c.deliverWhere(m -> !touching(3).test(m));
            c.drop(touching(3));
        }
        c.tick(1, HEARTBEAT_TICKS);
        c.deliverWhere(m -> !touching(3).test(m));
        c.drop(touching(3));
        assertEquals(commands + 1, c.node(2).appliedIndex());
        return c;
    }

    /**
     * Sim seeds 5 and 9: an acceptor that compacted slots away promised a candidate that needed
     * them, and the candidate, not hearing their values, chose no-ops over chosen commands.
     */
    @Test
    void acceptorRefusesCandidateWhoseOpenSlotsItCompactedAway() {
        TestCluster c = leaderWithNode3Behind(20);
        assertEquals(21, c.snapshot(2));
        c.crash(1);
        c.campaign(3);
        c.deliverAll();
        assertNotEquals(Role.LEADER, c.node(3).role());
        // A candidate with the chosen prefix wins, and the trailing replica gets its state by snapshot.
        c.campaign(2);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(2).role());
        c.tick(2, HEARTBEAT_TICKS);
        c.deliverAll();
        assertEquals(c.applied(2), c.applied(3));
        assertEquals(22, c.node(3).appliedIndex());
        assertEquals(21, c.node(3).compactedIndex());
    }

    /**
     * Sim seeds 19, 161 and 363 once replicas batched events: a follower took the last chunk of a
     * snapshot at slot 3, then, before the driver drained, an Accept filled its log through slot 5
     * with chosen index 5. The Ready applied slots 1-5 and then installed the snapshot at 3, going
     * back in time. A chunk the log has overtaken is now dropped before the Ready is built.
     */
    @Test
    void snapshotChunkOvertakenByTheLogInOneBatchIsDropped() {
        PaxosNode follower = new PaxosNode(new PaxosConfig(3, java.util.List.of(1, 2, 3), HEARTBEAT_TICKS,
                TestCluster.ELECTION_TICKS, 8), new java.util.SplittableRandom(3), null, java.util.List.of(), 0);
        Ballot leader = new Ballot(1, 1);
        follower.step(new InstallSnapshot(1, 3, leader, 3, 0, new byte[] {1, 2}, true));
        java.util.List<LogEntry> entries = new java.util.ArrayList<>();
        for (long i = 1; i <= 5; i++) {
            entries.add(new LogEntry(i, leader, ("command-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        follower.step(new PaxosMessage.Accept(1, 3, leader, entries, 5));
        Ready ready = follower.ready();
        assertEquals(null, ready.snapshotChunk());
        assertEquals(5, ready.committed().size());
        follower.advance(ready);
        assertEquals(5, follower.appliedIndex());
    }

    @Test
    void transferSurvivesLostAcksAndAFollowerRestartMidway() {
        TestCluster c = leaderWithNode3Behind(30);
        assertEquals(31, c.snapshot(1), "a leader compacts past a follower only up to the retain bound (0 here)");
        AtomicInteger chunks = new AtomicInteger();
        // Heartbeats until the leader notices node 3 stalled and starts the snapshot.
        for (int t = 0; t < 4 * HEARTBEAT_TICKS && c.queued().stream().noneMatch(m -> m instanceof InstallSnapshot); t++) {
            c.tick(1, 1);
            c.deliverWhere(m -> !(m instanceof InstallSnapshot));
        }
        // First chunk delivered, its ack lost: nothing moves until a heartbeat resends.
        c.deliverWhere(m -> m instanceof InstallSnapshot && chunks.incrementAndGet() > 0);
        assertTrue(c.drop(m -> m instanceof SnapshotAck) > 0);
        assertTrue(c.queued().stream().noneMatch(m -> m instanceof InstallSnapshot));
        c.tick(1, HEARTBEAT_TICKS);
        // Two chunks land, then node 3 crashes and loses what it staged.
        for (int i = 0; i < 2; i++) {
            c.deliverWhere(m -> m instanceof InstallSnapshot && chunks.incrementAndGet() > 0);
            c.deliverWhere(m -> m instanceof SnapshotAck);
        }
        c.crash(3);
        c.restart(3);
        for (int t = 0; t < 20 && c.node(3).appliedIndex() < 31; t++) {
            c.tick(1, 1);
            c.deliverWhere(m -> !(m instanceof InstallSnapshot) || chunks.incrementAndGet() > 0);
        }
        assertEquals(c.applied(1), c.applied(3));
        int snapshotBytes = c.applied(1).stream().mapToInt(v -> 4 + (v.equals("-") ? 0 : v.length())).sum();
        int chunksPerCopy = (snapshotBytes + CHUNK_BYTES - 1) / CHUNK_BYTES;
        assertTrue(chunks.get() >= chunksPerCopy, "only " + chunks.get() + " chunks for " + chunksPerCopy);
        // One restart and a few resends, not a storm: at most about two full copies.
        assertTrue(chunks.get() <= 2 * chunksPerCopy + 10, chunks.get() + " chunks for " + chunksPerCopy);
    }
}
