package io.meridian.range;

import io.meridian.storage.KeyValue;
import io.meridian.storage.RocksStorage;
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

    /**
     * As {@link #scan}, from endKey down: the last {@code limit} visible rows of [startKey, endKey)
     * in descending key order. A non-empty endKey: a reverse scan starts from a bound.
     */
    List<KeyValue> scanReverse(byte[] startKey, byte[] endKey, Timestamp readTimestamp, int limit)
            throws TabletUnavailableException;

    /**
     * Feeds the latest versions in [startKey, endKey) (a range inside this tablet) to {@code fold},
     * in key order, reading {@code pageRows} rows at a time: the rows stay at the tablet.
     */
    default void fold(byte[] startKey, byte[] endKey, Timestamp readTimestamp, int pageRows, KeyValueFold fold)
            throws TabletUnavailableException {
        byte[] resumeKey = startKey;
        while (true) {
            List<KeyValue> page = scan(resumeKey, endKey, readTimestamp, pageRows);
            for (KeyValue row : page) {
                fold.accept(row.key(), row.value());
            }
            if (page.size() < pageRows) {
                return;
            }
            resumeKey = RocksStorage.successor(page.get(page.size() - 1).key());
        }
    }
}
