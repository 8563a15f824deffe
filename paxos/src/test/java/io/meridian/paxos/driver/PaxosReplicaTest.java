package io.meridian.paxos.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.core.PaxosNode.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The driver on a direct executor, an in-memory disk and a hand-delivered network. */
class PaxosReplicaTest {
    private static final List<Integer> MEMBERS = List.of(1, 2, 3);

    private static final class MemoryStorage extends MemoryPaxosStorage {
    }

    private static final class ListStateMachine implements StateMachine {
        final List<LogEntry> applied = new ArrayList<>();
        RuntimeException failNext;

        @Override
        public void apply(LogEntry entry) {
            if (failNext != null) {
                throw failNext;
            }
            applied.add(entry);
        }

        @Override
        public long appliedIndex() {
            return applied.size();
        }
    }

    private final List<PaxosMessage> network = new ArrayList<>();
    private final Map<Integer, PaxosReplica> replicas = new HashMap<>();
    private final Map<Integer, ListStateMachine> stateMachines = new HashMap<>();

    PaxosReplicaTest() {
        SplittableRandom random = new SplittableRandom(7);
        for (int id : MEMBERS) {
            ListStateMachine sm = new ListStateMachine();
            stateMachines.put(id, sm);
            replicas.put(id, new PaxosReplica(1, new PaxosConfig(id, MEMBERS, 2, 10, 8), random.split(),
                    new MemoryStorage(), sm, (group, m) -> network.add(m), Runnable::run));
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

    private void deliverAll() {
        deliverWhere(m -> true);
    }

    private void heartbeats(int leader) {
        replicas.get(leader).tick();
        replicas.get(leader).tick();
        deliverAll();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        assertTrue(f.isDone(), "still pending: " + f);
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    @Test
    void committedProposalCompletesWithItsSlotAndStatusShowsTheLeader() throws Exception {
        replicas.get(1).campaign();
        deliverAll();
        assertTrue(replicas.get(1).isReadyLeader());
        assertTrue(replicas.get(1).whenReadyLeader().isDone());
        CompletableFuture<Long> f = replicas.get(1).propose(bytes("a"));
        deliverAll();
        assertEquals(2L, f.get());
        ReplicaStatus status = replicas.get(1).status();
        assertEquals(Role.LEADER, status.role());
        assertEquals(2, status.chosenIndex());
        assertEquals(2, status.appliedIndex());
        heartbeats(1);
        assertEquals(1, replicas.get(2).status().leaderId());
        assertEquals(2, stateMachines.get(3).applied.size());
    }

    @Test
    void followerAnswersNotLeaderWithAHint() {
        replicas.get(1).campaign();
        deliverAll();
        heartbeats(1);
        Throwable t = failureOf(replicas.get(2).propose(bytes("a")));
        assertEquals(1, assertInstanceOf(NotLeaderException.class, t).leaderHint());
    }

    /**
     * Regression (seed 424 of an early harness): a proposal at a leader that is deposed before its
     * Accept reaches anyone stayed pending forever in an idle group. The new leader's election
     * no-op now fills that slot, so the old leader learns the proposal was dropped.
     */
    @Test
    void deposedLeadersProposalIsDroppedWhenTheNewLeaderFillsItsSlot() {
        replicas.get(1).campaign();
        deliverAll();
        heartbeats(1);
        CompletableFuture<Long> orphan = replicas.get(1).propose(bytes("orphan"));
        // Nodes 2 and 3 stop hearing node 1 for an election timeout (leader stickiness).
        for (int t = 0; t < 10; t++) {
            replicas.get(2).tick();
            replicas.get(3).tick();
        }
        network.clear();
        replicas.get(2).campaign();
        deliverWhere(m -> m.from() != 1 && m.to() != 1);
        assertEquals(Role.LEADER, replicas.get(2).status().role());
        heartbeats(2);
        assertInstanceOf(ProposalDroppedException.class, failureOf(orphan));
    }

    @Test
    void leaderAtItsBoundOfUnchosenProposalsPushesBack() {
        replicas.get(1).campaign();
        deliverAll();
        network.clear();
        CompletableFuture<Long> last = null;
        for (int i = 0; i <= 4096 && (last == null || !last.isDone()); i++) {
            last = replicas.get(1).propose(bytes("p" + i));
            network.clear();
        }
        assertInstanceOf(ReplicaBusyException.class, failureOf(last));
    }

    @Test
    void stoppedReplicaFailsPendingAndLaterProposals() {
        replicas.get(1).campaign();
        deliverAll();
        network.clear();
        CompletableFuture<Long> pending = replicas.get(1).propose(bytes("a"));
        IllegalStateException broken = new IllegalStateException("disk on fire");
        stateMachines.get(1).failNext = broken;
        assertThrows(IllegalStateException.class, () -> deliverAll());
        assertSame(broken, replicas.get(1).failure());
        assertSame(broken, failureOf(pending));
        assertSame(broken, failureOf(replicas.get(1).propose(bytes("b"))), "fails at once, never hangs");
        assertFalse(replicas.get(1).isReadyLeader());
    }

    @Test
    void restartedReplicaResumesFromItsDurableState() throws Exception {
        replicas.get(1).campaign();
        deliverAll();
        CompletableFuture<Long> f = replicas.get(1).propose(bytes("a"));
        deliverAll();
        heartbeats(1);
        assertEquals(2L, f.get());
        MemoryStorage disk = new MemoryStorage();
        ListStateMachine sm = new ListStateMachine();
        PaxosReplica fresh = new PaxosReplica(1, new PaxosConfig(3, MEMBERS, 2, 10, 8), new SplittableRandom(1),
                disk, sm, (group, m) -> network.add(m), Runnable::run);
        assertEquals(0, fresh.status().appliedIndex());
        assertEquals(Role.FOLLOWER, fresh.status().role());
    }
}
