package io.meridian.range;

import io.meridian.storage.KeyValue;
import io.meridian.truetime.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How the transaction layer reaches one tablet: reads served by the tablet's leader, and writes
 * replicated through its Paxos group. Calls fail with {@link TabletUnavailableException} while the
 * group has no ready leader.
 */
public interface Tablet {
    long tabletId();

    KeyRange range();

    /** The highest commit timestamp the leader has applied: new commits must be above it. */
    Timestamp lastCommitTimestamp() throws TabletUnavailableException;

    /** Completes with the log slot once the command is chosen and applied at the leader. */
    CompletableFuture<Long> replicate(TabletCommand command) throws TabletUnavailableException;

    /**
     * Completes once this tablet's leader has proved that it still led after the call began, so
     * reads it served since {@code readsBegan} (a TrueTime earliest taken before the first of
     * them) cannot have missed a newer leader's commits: at once when it holds a leader lease
     * covering that time, otherwise through a Paxos round. Completes with the confirming round's
     * log slot, or 0 when a lease proved it.
     */
    CompletableFuture<Long> confirmLeadership(long txnId, Timestamp readsBegan) throws TabletUnavailableException;

    Optional<KeyValue> read(byte[] key, Timestamp readTimestamp) throws TabletUnavailableException;

    List<KeyValue> scan(byte[] startKey, byte[] endKey, Timestamp readTimestamp, int limit)
            throws TabletUnavailableException;
}
