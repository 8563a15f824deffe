package io.meridian.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.Compaction;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.paxos.driver.PaxosTransport;
import io.meridian.paxos.driver.ReplicaStatus;
import io.meridian.storage.KeyValue;
import io.meridian.storage.Mutation;
import io.meridian.storage.RocksStorage;
import io.meridian.storage.StorageOptions;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.truetime.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three tablet replicas on real RocksDB, in one process, compacting every 40 slots. One replica is
 * cut off while the others commit far past its log, then wiped (its directory deleted, as after a
 * disk replacement) and brought back: it must catch up by snapshot plus log tail and end up with
 * exactly the leader's rows.
 */
class TabletSnapshotCatchUpIT {
    private static final long GROUP = 1;
    private static final int COMMANDS = 300;
    private static final Compaction COMPACTION = new Compaction(40, 10, 2_000);
    private static final long WAIT_MILLIS_MAX = 30_000;

    @TempDir
    Path temp;

    private final Node[] nodes = new Node[5];
    private final boolean[] cut = new boolean[5];

    private final class Node {
        final int id;
        final RocksStorage storage;
        final TabletStateMachine stateMachine;
        final ExecutorService loop;
        final PaxosReplica replica;

        Node(int id) {
            this.id = id;
            this.storage = RocksStorage.open(temp.resolve("node-" + id), StorageOptions.small());
            this.stateMachine = new TabletStateMachine(storage, GROUP, KeyRange.EVERYTHING, temp.resolve("snap-" + id));
            this.loop = Executors.newSingleThreadExecutor();
            PaxosConfig config = new PaxosConfig(id, List.of(1, 2, 3), 5, 100, 32);
            this.replica = new PaxosReplica(GROUP, config, new SplittableRandom(id), storage.paxosLog(GROUP),
                    stateMachine, transport, loop, COMPACTION);
        }

        void stop() throws InterruptedException {
            loop.shutdown();
            assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS));
            stateMachine.close();
            storage.close();
        }
    }

    private final PaxosTransport transport = new PaxosTransport() {
        @Override
        public void send(long groupId, PaxosMessage m) {
            Node target = nodes[m.to()];
            if (target == null || cut[m.to()] || cut[m.from()]) {
                return;
            }
            try {
                target.replica.receive(m);
            } catch (RejectedExecutionException stopped) {
                // The target is shutting down: the message is lost, as on a real network.
            }
        }
    };

    @AfterEach
    void stopAll() throws InterruptedException {
        for (int id = 1; id < nodes.length; id++) {
            if (nodes[id] != null) {
                nodes[id].stop();
            }
        }
    }

    private static byte[] key(long id) {
        return new KeyEncoder().tableIndex(3, 1).writeLong(id).toBytes();
    }

    private void tickAll() {
        for (int id = 1; id < nodes.length; id++) {
            if (nodes[id] != null) {
                nodes[id].replica.tick();
            }
        }
    }

    /** Ticks every millisecond until {@code done} holds; fails after the bound. */
    private void tickUntil(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS_MAX);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            tickAll();
            Thread.sleep(1);
        }
    }

    private List<String> rows(RocksStorage storage) {
        List<String> out = new ArrayList<>();
        for (KeyValue kv : storage.scan(key(0), key(1_000_000), Timestamp.MAX, 100_000)) {
            out.add(HexFormat.of().formatHex(kv.key()) + "@" + kv.timestamp() + "=" + new String(kv.value(),
                    StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void wipedReplicaCatchesUpBySnapshotAndLogTail() throws Exception {
        for (int id = 1; id <= 3; id++) {
            nodes[id] = new Node(id);
        }
        nodes[1].replica.campaign();
        tickUntil(() -> nodes[1].replica.isReadyLeader(), "node 1 to lead");
        cut[3] = true;
        List<CompletableFuture<Long>> commits = new ArrayList<>();
        for (int i = 1; i <= COMMANDS; i++) {
            TabletCommand command = new TabletCommand(i, Timestamp.ofMicros(100L * i),
                    List.of(Mutation.put(key(i % 97), ("row" + i).getBytes(StandardCharsets.UTF_8))));
            commits.add(nodes[1].replica.propose(command.encode()));
            if (i % 50 == 0) {
                CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get(WAIT_MILLIS_MAX,
                        TimeUnit.MILLISECONDS);
            }
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get(WAIT_MILLIS_MAX, TimeUnit.MILLISECONDS);
        tickUntil(() -> nodes[1].replica.status().compactedIndex() >= COMMANDS - 2 * COMPACTION.snapshotEverySlots(),
                "the leader to compact through " + (COMMANDS - 2 * COMPACTION.snapshotEverySlots()));
        // Slot 1 is gone from both replicas that could lead: only a snapshot can restore a wiped one.
        // The loop snapshots after the drain that applied (and acknowledged) the last commits.
        tickUntil(() -> storageFirstIndex(1) > 1, "the leader's durable log to be truncated");
        tickUntil(() -> storageFirstIndex(2) > 1, "the follower's durable log to be truncated");

        // Wipe node 3: its disk is gone, it restarts empty.
        nodes[3].stop();
        deleteTree(temp.resolve("node-3"));
        deleteTree(temp.resolve("snap-3"));
        nodes[3] = new Node(3);
        assertEquals(0, nodes[3].replica.status().appliedIndex());
        cut[3] = false;

        long target = nodes[1].replica.status().appliedIndex();
        tickUntil(() -> nodes[3].replica.status().appliedIndex() >= target, "node 3 to catch up to " + target);
        ReplicaStatus caughtUp = nodes[3].replica.status();
        assertTrue(caughtUp.snapshotIndex() > 0, "node 3 caught up without a snapshot: " + caughtUp);
        assertTrue(caughtUp.compactedIndex() > 0, "node 3's log below the snapshot was not dropped: " + caughtUp);
        List<String> expected = rows(nodes[1].storage);
        assertEquals(97, expected.size());
        assertEquals(expected, rows(nodes[3].storage));
        assertEquals(nodes[1].stateMachine.lastCommitTimestamp(), nodes[3].stateMachine.lastCommitTimestamp());
    }

    /**
     * Membership change on real storage: a fourth replica joins (as a learner, caught up by
     * snapshot, then promoted), then the leader removes itself; the remaining three elect a
     * leader and keep committing, with identical rows.
     */
    @Test
    void replicaJoinsByLearnerThenVoterAndTheLeaderRemovesItself() throws Exception {
        for (int id = 1; id <= 4; id++) {
            nodes[id] = new Node(id);
        }
        nodes[1].replica.campaign();
        tickUntil(() -> nodes[1].replica.isReadyLeader(), "node 1 to lead");
        commit(nodes[1].replica, 1, 200);
        // The loop snapshots after the drain that applied (and acknowledged) the last commits.
        tickUntil(() -> storageFirstIndex(1) > 1, "the leader's durable log to be truncated");

        CompletableFuture<Membership> added = nodes[1].replica.addReplica(4);
        tickUntil(added::isDone, "node 4 to join");
        assertEquals(Membership.ofVoters(List.of(1, 2, 3, 4)), added.get());
        assertTrue(nodes[4].replica.status().snapshotIndex() > 0, "node 4 joined without a snapshot");

        CompletableFuture<Membership> removed = nodes[1].replica.removeReplica(1);
        tickUntil(removed::isDone, "node 1 to remove itself");
        assertEquals(Membership.ofVoters(List.of(2, 3, 4)), removed.get());
        tickUntil(() -> leaderAmong(2, 3, 4) != null, "a new leader among 2, 3, 4");
        assertTrue(!nodes[1].replica.isReadyLeader());
        Node leader = leaderAmong(2, 3, 4);
        commit(leader.replica, 201, 260);
        long target = leader.replica.status().appliedIndex();
        tickUntil(() -> nodes[2].replica.status().appliedIndex() >= target
                && nodes[3].replica.status().appliedIndex() >= target
                && nodes[4].replica.status().appliedIndex() >= target, "2, 3 and 4 to apply " + target);
        List<String> expected = rows(leader.storage);
        for (int id = 2; id <= 4; id++) {
            assertEquals(expected, rows(nodes[id].storage), "rows of node " + id);
            assertEquals(Membership.ofVoters(List.of(2, 3, 4)), nodes[id].stateMachine.membership());
        }
    }

    private Node leaderAmong(int... ids) {
        for (int id : ids) {
            if (nodes[id].replica.isReadyLeader()) {
                return nodes[id];
            }
        }
        return null;
    }

    private void commit(PaxosReplica leader, int first, int last) throws Exception {
        List<CompletableFuture<Long>> commits = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            TabletCommand command = new TabletCommand(i, Timestamp.ofMicros(100L * i),
                    List.of(Mutation.put(key(i % 97), ("row" + i).getBytes(StandardCharsets.UTF_8))));
            commits.add(leader.propose(command.encode()));
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get(WAIT_MILLIS_MAX, TimeUnit.MILLISECONDS);
    }

    private long storageFirstIndex(int id) {
        return nodes[id].storage.paxosLog(GROUP).firstIndex();
    }

    private static void deleteTree(Path directory) throws java.io.IOException {
        TabletSnapshotFiles.deleteTree(directory);
    }
}
