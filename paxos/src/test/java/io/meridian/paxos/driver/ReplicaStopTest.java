package io.meridian.paxos.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.core.PaxosNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica whose loop executor is shut down (the end of a test run, a node closing): calls still
 * queued, or made later, fail with {@link ReplicaStoppedException}, and nothing is thrown on the
 * loop thread (which printed a RejectedExecutionException and left futures hanging before).
 */
class ReplicaStopTest {
    private static final long WAIT_SECONDS = 10;

    /** An in-memory disk whose persist can be held mid-turn, to queue events behind a busy loop. */
    private static final class HoldableStorage extends MemoryPaxosStorage {
        volatile CountDownLatch entered;
        volatile CountDownLatch release;

        @Override
        protected void beforePersist(List<LogEntry> entries) {
            CountDownLatch hold = release;
            if (hold != null && !entries.isEmpty()) {
                entered.countDown();
                try {
                    hold.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static final class CountingStateMachine implements StateMachine {
        volatile long applied;

        @Override
        public void apply(LogEntry entry) {
            applied = entry.index();
        }

        @Override
        public long appliedIndex() {
            return applied;
        }
    }

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replica-stop-test-loop");
        t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        return t;
    });
    private final HoldableStorage storage = new HoldableStorage();
    private final List<PaxosMessage> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutDown() {
        loop.shutdownNow();
    }

    private PaxosReplica replica(List<Integer> members) {
        return new PaxosReplica(7, new PaxosConfig(1, members, 2, 10, 8), new SplittableRandom(1), storage,
                new CountingStateMachine(), (group, m) -> sent.add(m), loop);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits (bounded) for the loop to get somewhere; status() is safe from any thread. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(1);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }

    /**
     * The race itself: a proposal arrives while the loop is syncing, the executor is shut down,
     * and the turn ends to find an event it cannot schedule. The proposal in hand commits (a
     * one-replica group), the queued one fails with a clear stop, and later calls fail at once.
     */
    @Test
    void eventsQueuedWhenTheLoopShutsDownFailWithReplicaStopped() throws Exception {
        PaxosReplica replica = replica(List.of(1));
        replica.campaign();
        replica.whenReadyLeader().get(WAIT_SECONDS, TimeUnit.SECONDS);
        storage.entered = new CountDownLatch(1);
        storage.release = new CountDownLatch(1);
        CompletableFuture<Long> inHand = replica.propose(bytes("x"));
        assertTrue(storage.entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop is syncing x");
        CompletableFuture<Long> queued = replica.propose(bytes("y"));
        loop.shutdown();
        storage.release.countDown();
        assertTrue(loop.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));

        assertEquals(2L, inHand.get(WAIT_SECONDS, TimeUnit.SECONDS), "handled before the stop: committed");
        Throwable stop = failureOf(queued);
        assertInstanceOf(ReplicaStoppedException.class, stop);
        assertTrue(stop.getMessage().contains("replica stopped: node 1 of group 7"), stop.getMessage());
        assertEquals(List.of(), uncaught, "nothing thrown on the loop thread");
        assertInstanceOf(ReplicaStoppedException.class, replica.failure());
        assertInstanceOf(ReplicaStoppedException.class, failureOf(replica.propose(bytes("z"))));
        assertInstanceOf(ReplicaStoppedException.class, failureOf(replica.addReplica(4)));
        assertFalse(replica.isReadyLeader());
    }

    /**
     * Shut down while idle with a proposal waiting for a quorum that will never answer: the next
     * call finds the executor terminated and stops the replica from the caller's thread, failing
     * the waiting proposal too rather than leaving it pending forever.
     */
    @Test
    void proposalWaitingForAQuorumFailsWhenACallFindsTheLoopGone() throws Exception {
        PaxosReplica replica = replica(List.of(1, 2, 3));
        replica.campaign();
        awaitTrue(() -> sent.stream().anyMatch(m -> m instanceof PaxosMessage.Prepare));
        // Node 2 promises; nobody ever accepts, so the proposal waits for a quorum.
        replica.receive(new PaxosMessage.Promise(2, 1, sent.get(0).ballot(), List.of(), 0));
        awaitTrue(() -> replica.status().role() == PaxosNode.Role.LEADER);
        CompletableFuture<Long> waiting = replica.propose(bytes("x"));
        awaitTrue(() -> replica.status().lastIndex() == 2);
        loop.shutdown();
        assertTrue(loop.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(waiting.isDone(), "x waits for a quorum");
        CompletableFuture<Long> late = replica.propose(bytes("y"));
        assertInstanceOf(ReplicaStoppedException.class, failureOf(late));
        assertInstanceOf(ReplicaStoppedException.class, failureOf(waiting));
        replica.tick(); // no future to fail, and nothing thrown at the caller either
        assertInstanceOf(ReplicaStoppedException.class, replica.failure());
        assertEquals(List.of(), uncaught);
    }
}
