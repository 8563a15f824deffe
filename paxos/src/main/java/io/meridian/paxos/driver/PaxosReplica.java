package io.meridian.paxos.driver;

import io.meridian.paxos.core.Compaction;
import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.Invariants;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.core.PaxosNode;
import io.meridian.paxos.core.Ready;
import io.meridian.paxos.core.SnapshotChunk;
import io.meridian.paxos.core.SnapshotReader;
import io.meridian.storage.PaxosLogStore;
import java.util.HashMap;
import java.util.Iterator;
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
    private final PaxosStorage storage;
    private final StateMachine stateMachine;
    private final PaxosTransport transport;
    private final Executor loop;
    private final Compaction compaction;
    private final MembershipChanges membershipChanges = new MembershipChanges();
    private final long membershipChangeTicksMax;
    private final Map<Long, PendingProposal> pending = new HashMap<>();
    private volatile boolean readyLeader;
    private volatile CompletableFuture<Void> readyLeaderFuture = new CompletableFuture<>();
    private volatile int leaderHint = -1;
    private volatile Throwable failure;
    private volatile ReplicaStatus status;

    private record PendingProposal(byte[] command, CompletableFuture<Long> future) {
    }

    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosLogStore store,
            StateMachine stateMachine, PaxosTransport transport, Executor loop) {
        this(groupId, config, random, new RocksPaxosStorage(store), stateMachine, transport, loop, Compaction.NONE);
    }

    /** A replica on the node's RocksDB that snapshots its state machine and truncates its log by {@code compaction}. */
    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosLogStore store,
            StateMachine stateMachine, PaxosTransport transport, Executor loop, Compaction compaction) {
        this(groupId, config, random, new RocksPaxosStorage(store), stateMachine, transport, loop, compaction);
    }

    /** Restores the replica from {@code storage} and the state machine's durable applied index; never compacts. */
    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosStorage storage,
            StateMachine stateMachine, PaxosTransport transport, Executor loop) {
        this(groupId, config, random, storage, stateMachine, transport, loop, Compaction.NONE);
    }

    /**
     * Restores the replica from {@code storage}, the state machine's durable applied index and its
     * newest snapshot; snapshots and log truncation follow {@code compaction}.
     */
    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosStorage storage,
            StateMachine stateMachine, PaxosTransport transport, Executor loop, Compaction compaction) {
        this.groupId = groupId;
        this.compaction = compaction;
        this.storage = storage;
        this.stateMachine = stateMachine;
        this.transport = transport;
        this.loop = loop;
        HardState hardState = storage.hardState().orElse(null);
        this.node = new PaxosNode(config, random, hardState, stateMachine.appliedIndex(), storage,
                snapshotReader(stateMachine), compaction, stateMachine.membership());
        this.membershipChangeTicksMax = 100L * config.electionTicks();
        publishStatus();
    }

    private static SnapshotReader snapshotReader(StateMachine stateMachine) {
        return new SnapshotReader() {
            @Override
            public long latestIndex() {
                return stateMachine.snapshotIndex();
            }

            @Override
            public SnapshotChunk read(long index, long offset, int bytesMax) {
                return stateMachine.readSnapshot(index, offset, bytesMax);
            }
        };
    }

    public long groupId() {
        return groupId;
    }

    public int nodeId() {
        return node.id();
    }

    /**
     * True when this replica leads and has applied all its predecessors' possible commits. Not a
     * lease (see {@link PaxosNode#isReadyLeader}): until leases exist, reads served on this alone
     * can be stale while a partitioned leader has not yet stepped down.
     */
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
        run(() -> {
            node.tick();
            membershipChanges.tick();
        });
    }

    /** The group's membership as this replica's log names it (the newest change, maybe not yet chosen). */
    public Membership membership() {
        return status.membership();
    }

    /**
     * As leader, adds {@code nodeId} to the group: first as a learner; once its log has caught up
     * (within {@link MembershipChanges#CATCH_UP_LAG_SLOTS_MAX} slots) it is promoted to voter. The
     * future completes with the new membership once the promotion is applied here; it fails with
     * {@link NotLeaderException}, {@link MembershipChangeBusyException} (another change is under
     * way), {@link IllegalArgumentException} (already a member), or a timeout after
     * 100 election timeouts. The new replica starts empty, with any initial members, and catches
     * up from the leader (by snapshot if the log it needs was compacted).
     */
    public CompletableFuture<Membership> addReplica(int nodeId) {
        return changeMembership(nodeId, true);
    }

    /**
     * As leader, removes {@code nodeId} (a voter or a learner, possibly this leader itself, which
     * then steps down once the change is applied). Completes with the new membership once applied here.
     */
    public CompletableFuture<Membership> removeReplica(int nodeId) {
        return changeMembership(nodeId, false);
    }

    private CompletableFuture<Membership> changeMembership(int nodeId, boolean add) {
        CompletableFuture<Membership> future = new CompletableFuture<>();
        run(() -> {
            if (node.role() != PaxosNode.Role.LEADER) {
                future.completeExceptionally(new NotLeaderException(node.leaderId()));
            } else if (membershipChanges.busy()) {
                future.completeExceptionally(new MembershipChangeBusyException(
                        "a membership change is already under way on node " + node.id()));
            } else if (add) {
                membershipChanges.startAdd(nodeId, future, membershipChangeTicksMax);
            } else {
                membershipChanges.startRemove(nodeId, future, membershipChangeTicksMax);
            }
        }, future);
        return future;
    }

    /** Appends a membership entry; the future completes with its slot once applied here. */
    private CompletableFuture<Long> proposeMembership(Membership next, String step) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        long index = node.proposeMembership(next);
        if (index >= 0) {
            pending.put(index, new PendingProposal(next.encode(), future));
        } else if (node.role() != PaxosNode.Role.LEADER) {
            future.completeExceptionally(new NotLeaderException(node.leaderId()));
        } else {
            future.completeExceptionally(new MembershipChangeBusyException("cannot " + step + " " + next
                    + " now: a change is unchosen, the leader is not ready, or it is more than one replica"));
        }
        return future;
    }

    public void campaign() {
        run(node::campaign);
    }

    public void receive(PaxosMessage message) {
        run(() -> node.step(message));
    }

    /**
     * Replicates a command. The future completes with its slot once the command is chosen and
     * applied here; fails with {@link NotLeaderException} (ask {@link NotLeaderException#leaderHint}),
     * {@link ReplicaBusyException} (the leader is at its bound of unchosen proposals: back off),
     * {@link ProposalDroppedException} (another value was chosen for its slot), or the error that
     * stopped this replica. If this replica loses leadership the outcome can stay unknown until
     * its slot is decided (a later leader may still choose it): callers bound their wait, and a
     * retry must be idempotent.
     */
    public CompletableFuture<Long> propose(byte[] command) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (Membership.isMembership(command)) {
            future.completeExceptionally(new IllegalArgumentException(
                    "command starts with the reserved membership prefix; use addReplica/removeReplica"));
            return future;
        }
        run(() -> {
            long index = node.propose(command);
            if (index >= 0) {
                PendingProposal replaced = pending.put(index, new PendingProposal(command, future));
                Invariants.check(replaced == null, "slot %s proposed twice on node %s", index, node.id());
            } else if (node.role() == PaxosNode.Role.LEADER) {
                future.completeExceptionally(new ReplicaBusyException(node.id()));
            } else {
                future.completeExceptionally(new NotLeaderException(node.leaderId()));
            }
        }, future);
        return future;
    }

    private void run(Runnable event) {
        run(event, null);
    }

    /** Runs an event on the loop; if this replica has stopped, {@code rejected} (if any) fails at once. */
    private void run(Runnable event, CompletableFuture<?> rejected) {
        loop.execute(() -> {
            if (failure != null) {
                if (rejected != null) {
                    rejected.completeExceptionally(failure);
                }
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
                membershipChanges.fail(e);
                publishStatus();
                throw e;
            }
        });
    }

    private void drain() {
        do {
            drainReady();
            maybeSnapshot();
        } while (membershipChanges.advance(node, this::proposeMembership));
        setReadyLeader(node.isReadyLeader());
        leaderHint = node.leaderId();
        publishStatus();
    }

    private void drainReady() {
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
            if (ready.snapshotChunk() != null) {
                stage(ready.snapshotChunk());
            }
            node.advance(ready);
            ready = node.ready();
        }
    }

    /** Stages a received snapshot chunk; the last one replaces the state machine's state and the log below it. */
    private void stage(PaxosMessage.InstallSnapshot chunk) {
        stateMachine.stageSnapshotChunk(chunk.snapshotIndex(), chunk.offset(), chunk.data());
        if (!chunk.last()) {
            return;
        }
        stateMachine.installSnapshot(chunk.snapshotIndex());
        node.snapshotInstalled(stateMachine.membership());
        Invariants.check(stateMachine.appliedIndex() == chunk.snapshotIndex(),
                "state machine applied %s after installing snapshot %s", stateMachine.appliedIndex(),
                chunk.snapshotIndex());
        storage.truncatePrefix(chunk.snapshotIndex());
        // Slots the snapshot covers were decided elsewhere; their values are not known here.
        for (Iterator<Map.Entry<Long, PendingProposal>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, PendingProposal> e = it.next();
            if (e.getKey() <= chunk.snapshotIndex()) {
                e.getValue().future().completeExceptionally(new ProposalOutcomeUnknownException(e.getKey()));
                it.remove();
            }
        }
    }

    /** Snapshots the state machine once enough slots were applied since the last snapshot, then truncates the log. */
    private void maybeSnapshot() {
        if (!compaction.enabled()
                || node.appliedIndex() - stateMachine.snapshotIndex() < compaction.snapshotEverySlots()) {
            return;
        }
        long index = stateMachine.snapshot();
        long through = node.snapshotTaken(index);
        if (through > 0) {
            storage.truncatePrefix(through);
        }
    }

    private void publishStatus() {
        status = new ReplicaStatus(node.id(), node.role(), node.leaderId(), node.promised(), node.chosenIndex(),
                node.appliedIndex(), node.lastIndex(), node.isReadyLeader(), node.compactedIndex(),
                stateMachine.snapshotIndex(), node.membership());
    }

    /** The replica as of its last event; see {@link ReplicaStatus}. */
    public ReplicaStatus status() {
        return status;
    }

    private void persist(Ready ready) {
        if (ready.mustSync()) {
            storage.persist(ready.entries(), ready.hardState());
        }
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
