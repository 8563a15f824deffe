package io.meridian.paxos.core;

import static io.meridian.paxos.core.TestCluster.HEARTBEAT_TICKS;
import static io.meridian.paxos.core.TestCluster.touching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.PaxosMessage.InstallSnapshot;
import io.meridian.paxos.core.PaxosMessage.SnapshotAck;
import io.meridian.paxos.core.PaxosNode.Role;
import java.util.List;
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

    @Test
    void aRestartedLeaderServesATrailingFollowerFromTheRetainedLogNotASnapshot() {
        TestCluster c = new TestCluster(3, 8, true);
        c.compaction(new Compaction(1_000, 15, CHUNK_BYTES));
        c.campaign(1);
        c.deliverAll();
        for (int i = 0; i < 20; i++) {
            c.propose(1, "command-" + i);
            c.deliverAll();
        }
        for (int i = 20; i < 30; i++) {
            c.propose(1, "command-" + i);
            c.deliverWhere(m -> !touching(3).test(m));
            c.drop(touching(3));
        }
        long held3 = c.node(3).lastIndex();
        long through = c.snapshot(1);
        assertTrue(through > 0 && through <= held3, "truncated through " + through + ", node 3 holds " + held3);
        c.crash(1);
        c.restart(1);
        assertEquals(through, c.node(1).compactedIndex(), "the retained tail is still the log after a restart");
        c.campaign(1);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(1).role());
        AtomicInteger chunks = new AtomicInteger();
        for (int t = 0; t < 6 * HEARTBEAT_TICKS && c.node(3).appliedIndex() < c.node(1).appliedIndex(); t++) {
            c.tick(1, 1);
            c.deliverWhere(m -> !(m instanceof InstallSnapshot) || chunks.incrementAndGet() < 0);
        }
        assertEquals(c.applied(1), c.applied(3));
        assertEquals(0, chunks.get(), "node 3 needed only slots the log retained");
        assertEquals(0, c.node(3).compactedIndex());
    }

    @Test
    void chunksArePipelinedAWindowAtATime() {
        TestCluster c = leaderWithNode3Behind(30);
        c.snapshot(1);
        for (int t = 0; t < 4 * HEARTBEAT_TICKS && c.queued().stream().noneMatch(m -> m instanceof InstallSnapshot); t++) {
            c.tick(1, 1);
            c.deliverWhere(m -> !(m instanceof InstallSnapshot));
        }
        int rounds = 0;
        int chunks = 0;
        // One round: every chunk in flight lands, then every ack; count the round trips.
        while (c.node(3).appliedIndex() < 31 && rounds < 100) {
            List<PaxosMessage> inFlight = c.queued().stream().filter(m -> m instanceof InstallSnapshot).toList();
            assertTrue(inFlight.size() <= SnapshotSender.CHUNKS_INFLIGHT_MAX, inFlight.size() + " chunks in flight");
            chunks += inFlight.size();
            c.deliverWhere(inFlight::contains);
            c.deliverWhere(m -> m instanceof SnapshotAck || m instanceof PaxosMessage.Accepted);
            rounds++;
        }
        assertEquals(c.applied(1), c.applied(3));
        assertTrue(chunks > 2 * SnapshotSender.CHUNKS_INFLIGHT_MAX, "the snapshot spans " + chunks + " chunks");
        assertTrue(rounds <= chunks / SnapshotSender.CHUNKS_INFLIGHT_MAX + 2,
                rounds + " round trips for " + chunks + " chunks: not pipelined");
    }

    /**
     * Sim seed 4758 with pre-vote off (on the code before leader stickiness): a follower crashed
     * after installing snapshot 26 and before truncating its log, which held slots 1-6 and 26
     * (batches accepted out of order). Holding both ends of the stretch made it restart with its
     * log starting at slot 1; elected, it had no slot 7 to send a trailing follower ("leader 1 has
     * no entry at 7"). With a gap, the log now starts at the snapshot.
     */
    @Test
    void restartWithAGapBelowTheSnapshotStartsTheLogAtTheSnapshot() {
        java.util.TreeMap<Long, LogEntry> disk = new java.util.TreeMap<>();
        Ballot b = new Ballot(1, 2);
        for (long i = 1; i <= 6; i++) {
            disk.put(i, new LogEntry(i, b, new byte[] {(byte) i}));
        }
        disk.put(26L, new LogEntry(26, b, new byte[] {26}));
        LogReader durable = (from, to) -> new java.util.ArrayList<>(disk.subMap(from, true, to, true).values());
        SnapshotReader snapshot = new SnapshotReader() {
            @Override
            public long latestIndex() {
                return 26;
            }

            @Override
            public SnapshotChunk read(long index, long offset, int bytesMax) {
                return new SnapshotChunk(new byte[0], true);
            }
        };
        PaxosConfig config = new PaxosConfig(1, List.of(1, 2, 3), 2, 10, 8);
        PaxosNode gap = new PaxosNode(config, new java.util.SplittableRandom(1), new HardState(b), 26, durable,
                snapshot, new Compaction(1_000, 30, CHUNK_BYTES));
        assertEquals(26, gap.compactedIndex(), "slots 7-25 are missing: the log starts at the snapshot");
        for (long i = 7; i <= 25; i++) {
            disk.put(i, new LogEntry(i, b, new byte[] {(byte) i}));
        }
        PaxosNode whole = new PaxosNode(config, new java.util.SplittableRandom(1), new HardState(b), 26, durable,
                snapshot, new Compaction(1_000, 30, CHUNK_BYTES));
        assertEquals(0, whole.compactedIndex(), "every slot held: the retained log is served as before");
    }
}
