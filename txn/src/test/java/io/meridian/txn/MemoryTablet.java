package io.meridian.txn;

import io.meridian.range.KeyRange;
import io.meridian.range.Tablet;
import io.meridian.range.TabletCommand;
import io.meridian.storage.KeyValue;
import io.meridian.storage.Mutation;
import io.meridian.truetime.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory tablet whose "replication" applies at once: transaction and SQL tests without
 * Paxos or RocksDB. Shared with other modules' tests through txn's test jar.
 */
public final class MemoryTablet implements Tablet {
    private final NavigableMap<byte[], TreeMap<Timestamp, byte[]>> versions = new TreeMap<>(Arrays::compareUnsigned);
    private final List<TabletCommand> applied = new ArrayList<>();
    private Timestamp last = Timestamp.MIN;
    private int confirmations;
    private final long id;
    private final KeyRange range;

    /** Tablet 1, holding every key. */
    public MemoryTablet() {
        this(1, KeyRange.EVERYTHING);
    }

    public MemoryTablet(long id, KeyRange range) {
        this.id = id;
        this.range = range;
    }

    @Override
    public long tabletId() {
        return id;
    }

    @Override
    public KeyRange range() {
        return range;
    }

    /** How many keys this tablet holds (any version). */
    public synchronized int keyCount() {
        return versions.size();
    }

    @Override
    public synchronized Timestamp lastCommitTimestamp() {
        return last;
    }

    @Override
    public synchronized CompletableFuture<Long> replicate(TabletCommand command) {
        for (Mutation m : command.mutations()) {
            versions.computeIfAbsent(m.key(), k -> new TreeMap<>()).put(command.commitTimestamp(), m.value());
        }
        last = Timestamp.max(last, command.commitTimestamp());
        applied.add(command);
        return CompletableFuture.completedFuture((long) applied.size());
    }

    @Override
    public synchronized CompletableFuture<Long> confirmLeadership(long txnId, Timestamp readsBegan) {
        confirmations++;
        return CompletableFuture.completedFuture((long) applied.size());
    }

    /** How many read-only commits asked this tablet to confirm its leadership. */
    public synchronized int confirmations() {
        return confirmations;
    }

    public synchronized List<TabletCommand> applied() {
        return List.copyOf(applied);
    }

    @Override
    public synchronized Optional<KeyValue> read(byte[] key, Timestamp readTimestamp) {
        TreeMap<Timestamp, byte[]> v = versions.get(key);
        if (v == null) {
            return Optional.empty();
        }
        Map.Entry<Timestamp, byte[]> e = v.floorEntry(readTimestamp);
        return e == null || e.getValue() == null ? Optional.empty() : Optional.of(new KeyValue(key, e.getKey(), e.getValue()));
    }

    @Override
    public synchronized List<KeyValue> scan(byte[] startKey, byte[] endKey, Timestamp readTimestamp, int limit) {
        List<KeyValue> out = new ArrayList<>();
        for (byte[] key : versions.subMap(startKey, true, endKey, false).keySet()) {
            if (out.size() >= limit) {
                break;
            }
            read(key, readTimestamp).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public synchronized List<KeyValue> scanReverse(byte[] startKey, byte[] endKey, Timestamp readTimestamp, int limit) {
        List<KeyValue> out = new ArrayList<>();
        if (Arrays.compareUnsigned(startKey, endKey) >= 0) {
            return out;
        }
        for (byte[] key : versions.subMap(startKey, true, endKey, false).descendingKeySet()) {
            if (out.size() >= limit) {
                break;
            }
            read(key, readTimestamp).ifPresent(out::add);
        }
        return out;
    }
}
