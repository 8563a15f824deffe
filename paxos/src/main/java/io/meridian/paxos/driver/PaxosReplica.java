package io.meridian.paxos.driver;

import io.meridian.paxos.core.Compaction;
import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.Invariants;
import io.meridian.paxos.core.LeaseClock;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.core.PaxosNode;
import io.meridian.paxos.core.Ready;
import io.meridian.paxos.core.SnapshotChunk;
import io.meridian.paxos.core.SnapshotReader;
import io.meridian.storage.PaxosLogStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives one {@link PaxosNode} a disk, a network and a state machine. Every call hops onto the
 * replica's loop (a single-threaded executor supplied by the caller), so the node is only ever
 * touched by one thread. Events queued while the loop is busy are handled together; then the loop
 * drains {@link Ready} in the fixed order persist (synced), send, apply, advance (a leader's
 * Accepts leave before its persist: {@link Ready#maySendBeforePersist}).
 */
public final class PaxosReplica {
    /** Events handled before one drain: bounds a batch (and so a synced write) under a flood. */
    static final int EVENTS_PER_DRAIN_MAX = 1024;
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
    /** Events for the loop, in arrival order; {@link #pump} runs them. */
    private final Queue<Event> inbox = new ConcurrentLinkedQueue<>();
    /** A pump is queued on (or running on) the loop. */
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private volatile boolean readyLeader;
    private volatile CompletableFuture<Void> readyLeaderFuture = new CompletableFuture<>();
    private volatile int leaderHint = -1;
    private volatile Throwable failure;
    /** Set once the loop executor refused a task (shut down); every later call fails with it. */
    private volatile ReplicaStoppedException stopped;
    private final AtomicBoolean stopFinished = new AtomicBoolean();
    private volatile ReplicaStatus status;
    private final LeaseClock clock;
    private final PaxosMetrics metrics;
    // The lease as the loop last knew it, published before any message leaves (see hasValidLease).
    private volatile long leaseEndMicros;
    private volatile long leaseSinceMicros;
    private int lastLeader = -1;
    private int transferTarget = -1;
    private CompletableFuture<Void> transferFuture;

    private record Event(Runnable action, CompletableFuture<?> rejected) {
    }

    private record PendingProposal(byte[] command, CompletableFuture<Long> future, Timer.Sample timer) {
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
        this(groupId, config, random, storage, stateMachine, transport, loop, null, null, Compaction.NONE);
    }

    /**
     * Restores the replica from {@code storage}, the state machine's durable applied index and its
     * newest snapshot; snapshots and log truncation follow {@code compaction}. No leases, no meters.
     */
    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosStorage storage,
            StateMachine stateMachine, PaxosTransport transport, Executor loop, Compaction compaction) {
        this(groupId, config, random, storage, stateMachine, transport, loop, null, null, compaction);
    }

    /** With leader leases on {@code clock} (the node's TrueTime) and meters in {@code registry}. */
    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosLogStore store,
            StateMachine stateMachine, PaxosTransport transport, Executor loop, LeaseClock clock,
            MeterRegistry registry) {
        this(groupId, config, random, new RocksPaxosStorage(store), stateMachine, transport, loop, clock, registry,
                Compaction.NONE);
    }

    /** On the node's RocksDB with leases, meters and log compaction: what a node runs. */
    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosLogStore store,
            StateMachine stateMachine, PaxosTransport transport, Executor loop, LeaseClock clock,
            MeterRegistry registry, Compaction compaction) {
        this(groupId, config, random, new RocksPaxosStorage(store), stateMachine, transport, loop, clock, registry,
                compaction);
    }

    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosStorage storage,
            StateMachine stateMachine, PaxosTransport transport, Executor loop, LeaseClock clock,
            MeterRegistry registry) {
        this(groupId, config, random, storage, stateMachine, transport, loop, clock, registry, Compaction.NONE);
    }

    /**
     * Restores the replica from {@code storage}, the state machine's durable applied index,
     * membership and newest snapshot; {@code clock} (TrueTime, may be null: no leases) measures
     * leader leases, {@code registry} (may be null) receives its meters, {@code compaction} says
     * when to snapshot and truncate the log.
     */
    public PaxosReplica(long groupId, PaxosConfig config, SplittableRandom random, PaxosStorage storage,
            StateMachine stateMachine, PaxosTransport transport, Executor loop, LeaseClock clock,
            MeterRegistry registry, Compaction compaction) {
        this.groupId = groupId;
        this.clock = clock;
        this.compaction = compaction;
        this.storage = storage;
        this.stateMachine = stateMachine;
        this.transport = transport;
        this.loop = loop;
        HardState hardState = storage.hardState().orElse(null);
        this.node = new PaxosNode(config, random, hardState, stateMachine.appliedIndex(), storage,
                snapshotReader(stateMachine), compaction, stateMachine.membership(), clock);
        this.membershipChangeTicksMax = 100L * config.electionTicks();
        publishStatus();
        this.metrics = PaxosMetrics.register(registry, this, node.membership().members());
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
     * lease (see {@link PaxosNode#isReadyLeader}): reads served on this alone can be stale while a
     * partitioned leader has not yet stepped down; {@link #hasValidLease} rules that out.
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

    /**
     * True while this replica leads and holds a leader lease, by its own clock: no other replica
     * can lead or hold a lease now, so its applied state is current and reads may be served from it
     * without a Paxos round. Safe from any thread: the loop publishes a lost or relinquished lease
     * before any message that could let another replica take over leaves it.
     */
    public boolean hasValidLease() {
        long end = leaseEndMicros;
        return end > 0 && failure == null && stopped == null && clock.now().latestMicros() < end;
    }

    /**
     * True when this replica has held a lease without a break from before {@code sinceMicros} (a
     * TrueTime earliest taken before the reads) until now: no other replica led or held a lease
     * meanwhile, so reads served by the group's lease holder since then missed no write committed
     * before now.
     */
    public boolean hasLeaseCovering(long sinceMicros) {
        long since = leaseSinceMicros;
        return since > 0 && since < sinceMicros && hasValidLease();
    }

    /**
     * Hands leadership to {@code targetNodeId}: this leader stops taking proposals (they fail with
     * {@link NotLeaderException} naming the target), brings the target up to date, gives up its
     * lease and tells the target to campaign at once. Completes when this replica sees the target
     * lead; fails with {@link NotLeaderException} if this replica does not lead,
     * {@link IllegalArgumentException} for a node outside the group, or
     * {@link LeaderTransferException} when the target did not win within an election timeout.
     */
    public CompletableFuture<Void> transferLeadership(int targetNodeId) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        run(() -> {
            if (targetNodeId == node.id() && node.role() == PaxosNode.Role.LEADER) {
                future.complete(null);
            } else if (!status.followerMatch().containsKey(targetNodeId) && node.role() == PaxosNode.Role.LEADER) {
                future.completeExceptionally(new IllegalArgumentException("node " + targetNodeId
                        + " is not a member of group " + groupId));
            } else if (!node.transferLeadership(targetNodeId)) {
                future.completeExceptionally(new NotLeaderException(node.leaderId()));
            } else {
                if (transferFuture != null) {
                    transferFuture.completeExceptionally(new LeaderTransferException("superseded by a transfer to node "
                            + targetNodeId));
                }
                transferTarget = targetNodeId;
                transferFuture = future;
            }
        }, future);
        return future;
    }

    private void settleTransfer() {
        if (transferFuture == null) {
            return;
        }
        if (node.leaderId() == transferTarget) {
            transferFuture.complete(null);
        } else if (node.transferTarget() == transferTarget) {
            return;
        } else if (node.role() == PaxosNode.Role.LEADER || node.leaderId() >= 0) {
            transferFuture.completeExceptionally(new LeaderTransferException("node " + transferTarget
                    + " did not take over group " + groupId + "; leader is node " + node.leaderId()));
        } else {
            return; // stepped down, new leader not known yet
        }
        transferFuture = null;
        transferTarget = -1;
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
     * up from the leader (by snapshot if the log it needs was compacted). Asking again for a node
     * that is already a learner (with the same address) resumes its catch-up and promotion, and for
     * one that already votes completes at once: a retry after a leader change is safe.
     */
    public CompletableFuture<Membership> addReplica(int nodeId) {
        return addReplica(nodeId, null);
    }

    /**
     * As {@link #addReplica(int)}, for a replica reachable at {@code address} (opaque here; see
     * {@link Membership#addresses}): the address travels in the change, so every member learns it
     * from its log when the learner is added.
     */
    public CompletableFuture<Membership> addReplica(int nodeId, String address) {
        return changeMembership(nodeId, address, true);
    }

    /**
     * As leader, removes {@code nodeId} (a voter or a learner, possibly this leader itself, which
     * then steps down once the change is applied). Completes with the new membership once applied here.
     */
    public CompletableFuture<Membership> removeReplica(int nodeId) {
        return changeMembership(nodeId, null, false);
    }

    private CompletableFuture<Membership> changeMembership(int nodeId, String address, boolean add) {
        CompletableFuture<Membership> future = new CompletableFuture<>();
        run(() -> {
            if (node.role() != PaxosNode.Role.LEADER) {
                future.completeExceptionally(new NotLeaderException(node.leaderId()));
            } else if (membershipChanges.busy()) {
                future.completeExceptionally(new MembershipChangeBusyException(
                        "a membership change is already under way on node " + node.id()));
            } else if (add) {
                membershipChanges.startAdd(nodeId, address, future, membershipChangeTicksMax);
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
            pending.put(index, new PendingProposal(next.encode(), future, metrics.startCommit()));
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
                PendingProposal replaced = pending.put(index, new PendingProposal(command, future,
                        metrics.startCommit()));
                Invariants.check(replaced == null, "slot %s proposed twice on node %s", index, node.id());
            } else if (node.transferTarget() >= 0) {
                // Handing over: the client should follow the leadership to the target.
                future.completeExceptionally(new NotLeaderException(node.transferTarget()));
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

    /**
     * Queues an event for the loop; if this replica has stopped, {@code rejected} (if any) fails.
     * Events that queue up while the loop is busy (persisting, most of the time) are all handled
     * before the next drain, so they share one synced write and one message per follower: group
     * commit without timers, the batch as large as the load makes it.
     */
    private void run(Runnable event, CompletableFuture<?> rejected) {
        inbox.add(new Event(event, rejected));
        if (stopped != null) {
            rejectQueued();
            return;
        }
        schedulePump(false);
    }

    /**
     * Queues a turn of the loop unless one is queued or running. When the executor refuses it
     * (shut down), the replica stops: queued events fail with {@link ReplicaStoppedException},
     * nothing is thrown at the caller or printed on the loop thread. A turn already queued on an
     * executor shut down with {@code shutdownNow} never runs, so its {@code isShutdown} counts too.
     */
    private void schedulePump(boolean onLoop) {
        if (pumpScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::pump);
                return;
            } catch (RejectedExecutionException e) {
                pumpScheduled.set(false);
            }
        } else if (!(loop instanceof ExecutorService service && service.isShutdown())) {
            return;
        }
        loopStopped(onLoop);
    }

    /**
     * The loop will run nothing more. On the loop thread, or once the executor has terminated (no
     * loop thread left to race with), the replica stops as for a failure: pending proposals and
     * membership changes fail too. Elsewhere only what is thread-safe: the lease is dropped and
     * queued events fail; a turn still running finishes the stop when it ends.
     */
    private void loopStopped(boolean onLoop) {
        if (stopped == null) {
            stopped = new ReplicaStoppedException(groupId, node.id());
        }
        leaseEndMicros = 0;
        if (onLoop || (loop instanceof ExecutorService service && service.isTerminated())) {
            finishStop();
        }
        rejectQueued();
    }

    /** Runs the stop once, on the loop thread or after the loop is gone. */
    private void finishStop() {
        if (stopped != null && failure == null && stopFinished.compareAndSet(false, true)) {
            stop(stopped);
        }
    }

    /** Fails every queued event with the stop (each is polled once, by whichever thread gets it). */
    private void rejectQueued() {
        for (Event event; (event = inbox.poll()) != null;) {
            if (event.rejected() != null) {
                event.rejected().completeExceptionally(failure != null ? failure : stopped);
            }
        }
    }

    /** One turn of the loop: up to {@link #EVENTS_PER_DRAIN_MAX} queued events, then one drain. */
    private void pump() {
        try {
            // Stopped by a caller's refused schedule while this turn was queued: clean up here.
            finishStop();
            int handled = 0;
            Event event;
            while (handled < EVENTS_PER_DRAIN_MAX && (event = inbox.poll()) != null) {
                if (failure != null) {
                    reject(event);
                    continue;
                }
                handled++;
                try {
                    event.action().run();
                } catch (RuntimeException | Error e) {
                    stop(e);
                    throw e;
                }
            }
            if (handled > 0 && failure == null) {
                try {
                    drain();
                } catch (RuntimeException | Error e) {
                    stop(e);
                    throw e;
                }
            }
        } finally {
            pumpScheduled.set(false);
            // Events that arrived after the last poll (or beyond the batch bound) get a turn of their own.
            if (!inbox.isEmpty()) {
                schedulePump(true);
            }
            finishStop();
        }
    }

    private void reject(Event event) {
        if (event.rejected() != null) {
            event.rejected().completeExceptionally(failure);
        }
    }

    /** A broken invariant or a failed disk: stop this replica rather than risk divergence. */
    private void stop(Throwable e) {
        failure = e;
        leaseEndMicros = 0;
        setReadyLeader(false);
        failPending(e);
        membershipChanges.fail(e);
        publishStatus();
    }

    private void drain() {
        do {
            drainReady();
            maybeSnapshot();
        } while (membershipChanges.advance(node, this::proposeMembership));
        setReadyLeader(node.isReadyLeader());
        publishLease();
        if (node.leaderId() >= 0 && node.leaderId() != lastLeader) {
            lastLeader = node.leaderId();
            metrics.leaderChanged();
        }
        leaderHint = node.leaderId();
        settleTransfer();
        publishStatus();
        metrics.followMembers(status.membership().members());
    }

    private void drainReady() {
        Ready ready = node.ready();
        while (!ready.isEmpty()) {
            // A leader's Accepts leave before its own sync: the followers sync meanwhile.
            boolean early = ready.mustSync();
            if (early) {
                publishLease();
                for (PaxosMessage m : ready.messages()) {
                    if (ready.maySendBeforePersist(m)) {
                        transport.send(groupId, m);
                    }
                }
            }
            persist(ready);
            publishLease();
            for (PaxosMessage m : ready.messages()) {
                if (!early || !ready.maySendBeforePersist(m)) {
                    transport.send(groupId, m);
                }
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
        metrics.snapshotInstalled();
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

    /** A lost lease must be visible to readers before any message that lets another node lead. */
    private void publishLease() {
        if (clock != null) {
            leaseSinceMicros = node.leaseSinceMicros();
            leaseEndMicros = node.leaseEndMicros();
        }
    }

    private void publishStatus() {
        Map<Integer, Long> matches = new HashMap<>();
        if (node.role() == PaxosNode.Role.LEADER) {
            for (int member : node.members()) {
                if (member != node.id()) {
                    matches.put(member, node.followerMatch(member));
                }
            }
        }
        status = new ReplicaStatus(node.id(), node.role(), node.leaderId(), node.promised(), node.chosenIndex(),
                node.appliedIndex(), node.lastIndex(), node.isReadyLeader(), node.leaseSinceMicros(),
                node.leaseEndMicros(), matches, node.compactedIndex(), stateMachine.snapshotIndex(),
                node.membership());
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
            metrics.committed(p.timer());
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
