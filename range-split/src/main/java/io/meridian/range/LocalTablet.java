package io.meridian.range;

import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.storage.KeyValue;
import io.meridian.truetime.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tablet whose replicas all live in this process (the embedded database): requests go straight
 * to whichever replica is the ready leader, waiting a bounded time for one to be elected.
 */
public final class LocalTablet implements Tablet {
    private final long tabletId;
    private final KeyRange range;
    private final List<Replica> replicas;
    private final long leaderWaitMillisMax;
    private final AtomicLong leaseConfirmations = new AtomicLong();
    private final AtomicLong roundConfirmations = new AtomicLong();

    /** One member of the group: its Paxos driver and the state machine it applies to. */
    public record Replica(PaxosReplica paxos, TabletStateMachine stateMachine) {
    }

    public LocalTablet(long tabletId, KeyRange range, List<Replica> replicas, long leaderWaitMillisMax) {
        this.tabletId = tabletId;
        this.range = range;
        this.replicas = List.copyOf(replicas);
        this.leaderWaitMillisMax = leaderWaitMillisMax;
    }

    @Override
    public long tabletId() {
        return tabletId;
    }

    @Override
    public KeyRange range() {
        return range;
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /**
     * The ready leader, waiting up to the bound for an election to finish; a replica holding a
     * leader lease first (a replica deposed without knowing it yet can still look ready).
     */
    public Replica leader() throws TabletUnavailableException {
        for (Replica r : replicas) {
            if (r.paxos().hasValidLease()) {
                return r;
            }
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            for (Replica r : replicas) {
                if (r.paxos().isReadyLeader()) {
                    return r;
                }
            }
            CompletableFuture<?>[] futures = replicas.stream().map(r -> r.paxos().whenReadyLeader())
                    .toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.anyOf(futures).get(leaderWaitMillisMax, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                throw new IllegalStateException("leader wait failed", e);
            }
        }
        throw new TabletUnavailableException("tablet " + tabletId + " has no leader after " + leaderWaitMillisMax + " ms");
    }

    @Override
    public Timestamp lastCommitTimestamp() throws TabletUnavailableException {
        return leader().stateMachine().lastCommitTimestamp();
    }

    @Override
    public CompletableFuture<Long> replicate(TabletCommand command) throws TabletUnavailableException {
        return leader().paxos().propose(command.encode());
    }

    @Override
    public CompletableFuture<Long> confirmLeadership(long txnId, Timestamp readsBegan)
            throws TabletUnavailableException {
        // A replica whose lease has held without a break since the reads began: leader() preferred
        // this lease holder for every one of them, and no other replica led meanwhile. Asked of
        // each replica directly (only a lease holder reads the clock), not after leader(), which
        // would read the clock a second time for the same answer.
        for (Replica r : replicas) {
            if (r.paxos().hasLeaseCovering(readsBegan.physicalMicros())) {
                leaseConfirmations.incrementAndGet();
                return CompletableFuture.completedFuture(0L);
            }
        }
        Replica leader = leader();
        roundConfirmations.incrementAndGet();
        // A command unique to this transaction (not a bare no-op, which a new leader's gap filler
        // would equal): if another value takes its slot, the proposal fails instead.
        return leader.paxos().propose(new TabletCommand(txnId, Timestamp.MIN, List.of()).encode());
    }

    /** Read-only commits confirmed by a leader lease, without a Paxos round. */
    public long leaseConfirmations() {
        return leaseConfirmations.get();
    }

    /** Read-only commits confirmed by a Paxos round (no lease covered their reads). */
    public long roundConfirmations() {
        return roundConfirmations.get();
    }

    @Override
    public Optional<KeyValue> read(byte[] key, Timestamp readTimestamp) throws TabletUnavailableException {
        return leader().stateMachine().storage().get(key, readTimestamp);
    }

    @Override
    public List<KeyValue> scan(byte[] startKey, byte[] endKey, Timestamp readTimestamp, int limit)
            throws TabletUnavailableException {
        return leader().stateMachine().storage().scan(startKey, endKey, readTimestamp, limit);
    }

    @Override
    public List<KeyValue> scanReverse(byte[] startKey, byte[] endKey, Timestamp readTimestamp, int limit)
            throws TabletUnavailableException {
        return leader().stateMachine().storage().scanReverse(startKey, endKey, readTimestamp, limit);
    }
}
