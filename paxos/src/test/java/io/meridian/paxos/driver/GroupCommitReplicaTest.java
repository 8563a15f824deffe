package io.meridian.paxos.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Group commit in the driver: events that queue while a replica's loop is busy are handled in one
 * drain (one synced write, one Accept batch per follower), and the leader's Accepts leave before
 * its own sync. Each replica's loop is a queue the test runs by hand.
 */
class GroupCommitReplicaTest {
    private static final List<Integer> MEMBERS = List.of(1, 2, 3);
    private static final int ENTRIES_PER_MESSAGE = 8;

    /** What happened, in order, across every replica: "persist 1 [n entries]", "send 1->2 Accept [n]". */
    private final List<String> events = new ArrayList<>();
    private final List<PaxosMessage> network = new ArrayList<>();
    private final Map<Integer, PaxosReplica> replicas = new HashMap<>();
    private final Map<Integer, ArrayDeque<Runnable>> loops = new HashMap<>();
    private final Map<Integer, Integer> applied = new HashMap<>();

    private final class RecordingStorage extends MemoryPaxosStorage {
        final int id;
        RuntimeException failNext;

        RecordingStorage(int id) {
            this.id = id;
        }

        @Override
        protected void beforePersist(List<LogEntry> entries) {
            if (failNext != null) {
                throw failNext;
            }
            events.add("persist " + id + " " + entries.size());
        }
    }

    private final Map<Integer, RecordingStorage> disks = new HashMap<>();

    GroupCommitReplicaTest() {
        SplittableRandom random = new SplittableRandom(11);
        for (int id : MEMBERS) {
            int self = id;
            ArrayDeque<Runnable> loop = new ArrayDeque<>();
            loops.put(id, loop);
            applied.put(id, 0);
            RecordingStorage disk = new RecordingStorage(id);
            disks.put(id, disk);
            StateMachine sm = new StateMachine() {
                @Override
                public void apply(LogEntry entry) {
                    applied.merge(self, 1, Integer::sum);
                }

                @Override
                public long appliedIndex() {
                    return applied.get(self);
                }
            };
            replicas.put(id, new PaxosReplica(1, new PaxosConfig(id, MEMBERS, 2, 10, ENTRIES_PER_MESSAGE),
                    random.split(), disk, sm, (group, m) -> {
                        if (m instanceof PaxosMessage.Accept a) {
                            events.add("send " + a.from() + "->" + a.to() + " Accept " + a.entries().size());
                        }
                        network.add(m);
                    }, loop::add));
        }
    }

    private void runLoop(int id) {
        Runnable task;
        while ((task = loops.get(id).poll()) != null) {
            task.run();
        }
    }

    /** Delivers every message in flight, each node's loop running after all its messages were queued. */
    private void deliverAllBatched() {
        while (!network.isEmpty()) {
            List<PaxosMessage> now = new ArrayList<>(network);
            network.clear();
            for (PaxosMessage m : now) {
                replicas.get(m.to()).receive(m);
            }
            for (int id : MEMBERS) {
                runLoop(id);
            }
        }
    }

    private PaxosReplica electOne() {
        replicas.get(1).campaign();
        runLoop(1);
        deliverAllBatched();
        PaxosReplica leader = replicas.get(1);
        assertTrue(leader.isReadyLeader());
        events.clear();
        return leader;
    }

    @Test
    void proposalsQueuedWhileTheLoopIsBusyShareOneSyncAndOneBatchPerFollower() throws Exception {
        PaxosReplica leader = electOne();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 3 * ENTRIES_PER_MESSAGE; i++) {
            futures.add(leader.propose(("command-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        runLoop(1);
        // One synced write for all 24; three full Accepts per follower, sent before that write.
        List<String> leaderEvents = events.stream().filter(e -> e.startsWith("persist 1") || e.startsWith("send 1"))
                .toList();
        assertEquals(List.of("send 1->2 Accept 8", "send 1->2 Accept 8", "send 1->2 Accept 8",
                "send 1->3 Accept 8", "send 1->3 Accept 8", "send 1->3 Accept 8", "persist 1 24"), leaderEvents);
        assertFalse(futures.get(0).isDone(), "nothing is chosen before a follower accepted");
        deliverAllBatched();
        assertEquals(1, events.stream().filter(e -> e.equals("persist 2 24")).count(), events.toString());
        assertEquals(1, events.stream().filter(e -> e.equals("persist 3 24")).count(), events.toString());
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(2L + i, futures.get(i).get(), "slot of command " + i); // slot 1: the leader's no-op
        }
        assertEquals(25, applied.get(1));
    }

    @Test
    void aFailedSyncStopsTheReplicaAndFailsEveryEventOfItsBatch() {
        PaxosReplica leader = electOne();
        disks.get(1).failNext = new IllegalStateException("disk gone");
        CompletableFuture<Long> first = leader.propose(new byte[] {1});
        CompletableFuture<Long> second = leader.propose(new byte[] {2});
        try {
            runLoop(1);
        } catch (IllegalStateException expected) {
            // The loop's thread sees the error as the old per-event loop did.
        }
        assertInstanceOf(IllegalStateException.class, leader.failure());
        for (CompletableFuture<Long> f : List.of(first, second)) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
            assertEquals("disk gone", e.getCause().getMessage());
        }
        CompletableFuture<Long> later = leader.propose(new byte[] {3});
        runLoop(1);
        assertTrue(later.isCompletedExceptionally(), "a stopped replica refuses new events");
    }
}
