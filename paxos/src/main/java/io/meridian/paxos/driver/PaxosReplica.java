package io.meridian.paxos.driver;

import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.core.PaxosNode;
import io.meridian.paxos.core.Ready;
import io.meridian.storage.PaxosLogStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Gives one {@link PaxosNode} a disk, a network and a state machine. Every call hops onto the
 * replica's loop (a single-threaded executor supplied by the caller), so the node is only ever
 * touched by one thread. After each event the loop drains {@link Ready} in the fixed order:
 * persist (synced), send, apply, advance.
 */
public final class PaxosReplica {
    private final long groupId;
    private final PaxosNode node;
    private final PaxosLogStore store;
    private final StateMachine stateMachine;
    private final PaxosTransport transport;
    private final Executor loop;
    private final Map<Long, PendingProposal> pending = new HashMap<>();
    private volatile boolean readyLeader;
    private volatile CompletableFuture<Void> readyLeaderFuture = new CompletableFuture<>();
    private volatile int leaderHint = -1;
    private volatile Throwable failure;

    private record PendingProposal(byte[] command, CompletableFuture<Long> future) {
    }

    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosLogStore store,
            StateMachine stateMachine, PaxosTransport transport, Executor loop) {
        this.groupId = groupId;
        this.store = store;
        this.stateMachine = stateMachine;
        this.transport = transport;
        this.loop = loop;
        HardState hardState = store.hardState().map(LogEntryCodec::decodeHardState).orElse(null);
        List<LogEntry> durable = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : store.read(1)) {
            durable.add(LogEntryCodec.decode(e.getKey(), e.getValue()));
        }
        this.node = new PaxosNode(config, random, hardState, durable, stateMachine.appliedIndex());
    }

    public long groupId() {
        return groupId;
    }

    public int nodeId() {
        return node.id();
    }

    /** True when this replica leads and has applied all its predecessors' possible commits. */
    public boolean isReadyLeader() {
        return readyLeader;
    }

    /** Completes when this replica is (or next becomes) a ready leader. */
    public CompletableFuture<Void> whenReadyLeader() {
        return readyLeaderFuture;
    }

    private void setReadyLeader(boolean ready) {
        if (ready == readyLeader) {
            return;
        }
        readyLeader = ready;
        if (ready) {
            readyLeaderFuture.complete(null);
        } else {
            readyLeaderFuture = new CompletableFuture<>();
        }
    }

    public int leaderHint() {
        return leaderHint;
    }

    public void tick() {
        run(node::tick);
    }

    public void campaign() {
        run(node::campaign);
    }

    public void receive(PaxosMessage message) {
        run(() -> node.step(message));
    }

    /**
     * Replicates a command. The future completes with its slot once the command is chosen and
     * applied here, or fails with {@link NotLeaderException} or {@link ProposalDroppedException}.
     */
    public CompletableFuture<Long> propose(byte[] command) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        run(() -> {
            long index = node.propose(command);
            if (index < 0) {
                future.completeExceptionally(new NotLeaderException(node.leaderId()));
            } else {
                pending.put(index, new PendingProposal(command, future));
            }
        });
        return future;
    }

    private void run(Runnable event) {
        loop.execute(() -> {
            if (failure != null) {
                return;
            }
            try {
                event.run();
                drain();
            } catch (RuntimeException | Error e) {
                // A broken invariant or a failed disk: stop this replica rather than risk divergence.
                failure = e;
                setReadyLeader(false);
                failPending(e);
                throw e;
            }
        });
    }

    private void drain() {
        Ready ready = node.ready();
        while (!ready.isEmpty()) {
            persist(ready);
            for (PaxosMessage m : ready.messages()) {
                transport.send(groupId, m);
            }
            for (LogEntry entry : ready.committed()) {
                stateMachine.apply(entry);
                resolve(entry);
            }
            node.advance(ready);
            ready = node.ready();
        }
        setReadyLeader(node.isReadyLeader());
        leaderHint = node.leaderId();
    }

    private void persist(Ready ready) {
        if (!ready.mustSync()) {
            return;
        }
        Map<Long, byte[]> entries = new LinkedHashMap<>();
        for (LogEntry e : ready.entries()) {
            entries.put(e.index(), LogEntryCodec.encode(e));
        }
        store.persist(entries, ready.hardState() == null ? null : LogEntryCodec.encode(ready.hardState()));
    }

    private void resolve(LogEntry entry) {
        PendingProposal p = pending.remove(entry.index());
        if (p == null) {
            return;
        }
        if (entry.sameCommand(p.command())) {
            p.future().complete(entry.index());
        } else {
            p.future().completeExceptionally(new ProposalDroppedException(entry.index()));
        }
    }

    private void failPending(Throwable cause) {
        for (PendingProposal p : pending.values()) {
            p.future().completeExceptionally(cause);
        }
        pending.clear();
    }

    /** The error that stopped this replica, or null while it runs. */
    public Throwable failure() {
        return failure;
    }
}
