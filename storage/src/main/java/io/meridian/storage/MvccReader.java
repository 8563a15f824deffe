package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Reads at a timestamp: for each user key, the newest version at or below the read timestamp,
 * skipped when it is a tombstone. Thread-safe: each call has an iterator to itself (borrowed from
 * a pool or created), and the shared read options never change after construction.
 */
final class MvccReader implements AutoCloseable {
    private final RocksDB db;
    private final ColumnFamilyHandle mvcc;
    /** Prefix-mode reads: the seek checks the prefix Bloom filters and stays within the prefix. */
    private final ReadOptions prefixRead = new ReadOptions().setPrefixSameAsStart(true);
    private final ReadOptions totalOrderRead = new ReadOptions().setTotalOrderSeek(true);
    private final IteratorPool prefixIterators;
    private final IteratorPool totalOrderIterators;

    MvccReader(RocksDB db, ColumnFamilyHandle mvcc) {
        this.db = db;
        this.mvcc = mvcc;
        this.prefixIterators = new IteratorPool(db, mvcc, prefixRead);
        this.totalOrderIterators = new IteratorPool(db, mvcc, totalOrderRead);
    }

    /**
     * One seek to prefix ‖ ~readTs lands on the newest version at or below readTs, because
     * versions of a key sort newest first.
     */
    Optional<KeyValue> get(byte[] userKey, Timestamp readTs) {
        byte[] prefix = MvccKeys.prefix(userKey);
        IteratorPool pool = prefix.length >= RocksTuning.MVCC_PREFIX_BYTES ? prefixIterators : totalOrderIterators;
        RocksIterator it = pool.borrow();
        try {
            MvccCursor cursor = new MvccCursor(it);
            cursor.seek(MvccKeys.withTimestamp(prefix, readTs));
            if (!cursor.atPrefix(prefix)) {
                return Optional.empty();
            }
            byte[] value = cursor.value();
            return MvccValues.isLive(value)
                    ? Optional.of(new KeyValue(userKey.clone(), MvccKeys.timestamp(cursor.key(), prefix.length), MvccValues.payload(value)))
                    : Optional.empty();
        } finally {
            pool.giveBack(it);
        }
    }

    List<KeyValue> scan(byte[] startKey, byte[] endKey, Timestamp readTs, int limit) {
        checkLimit(limit);
        List<KeyValue> result = new ArrayList<>(Math.min(limit, 128));
        if (limit == 0 || Arrays.compareUnsigned(startKey, endKey) >= 0) {
            return result;
        }
        byte[] lower = MvccKeys.prefix(startKey);
        byte[] invertedTs = MvccKeys.invertedTimestamp(readTs);
        try (Bounded bounded = new Bounded(lower, MvccKeys.prefix(endKey))) {
            MvccCursor cursor = bounded.cursor;
            cursor.seek(lower);
            while (cursor.valid() && result.size() < limit) {
                byte[] first = cursor.key();
                int prefixLength = cursor.prefixLength();
                if (MvccKeys.isAfter(first, prefixLength, invertedTs)) {
                    cursor.skipNewerThan(first, prefixLength, invertedTs, readTs);
                    if (!cursor.atPrefixOf(first, prefixLength)) {
                        continue;
                    }
                }
                byte[] row = cursor.livePayload();
                if (row != null) {
                    byte[] key = cursor.key();
                    result.add(new KeyValue(MvccKeys.userKey(key, prefixLength), MvccKeys.timestamp(key, prefixLength), row));
                }
                cursor.skipRestOf(first, prefixLength);
            }
        }
        return result;
    }

    /**
     * The same rows as {@link #scan} but from endKey down: the last {@code limit} visible keys in
     * descending order. Walking backwards meets a key's versions oldest first, so the walk keeps
     * the latest one at or below readTs it has seen and stops at the first newer one.
     */
    List<KeyValue> scanReverse(byte[] startKey, byte[] endKey, Timestamp readTs, int limit) {
        checkLimit(limit);
        List<KeyValue> result = new ArrayList<>(Math.min(limit, 128));
        if (limit == 0 || Arrays.compareUnsigned(startKey, endKey) >= 0) {
            return result;
        }
        byte[] invertedTs = MvccKeys.invertedTimestamp(readTs);
        try (Bounded bounded = new Bounded(MvccKeys.prefix(startKey), MvccKeys.prefix(endKey))) {
            MvccCursor cursor = bounded.cursor;
            cursor.seekToLast();
            while (cursor.valid() && result.size() < limit) {
                byte[] prefix = Arrays.copyOf(cursor.key(), cursor.prefixLength());
                byte[] visibleKey = null;
                byte[] visibleValue = null;
                int steps = 0;
                while (true) {
                    if (MvccKeys.isAfter(cursor.key(), prefix.length, invertedTs)) {
                        cursor.seekForPrev(prefix);
                        break;
                    }
                    visibleKey = cursor.key();
                    visibleValue = cursor.value();
                    cursor.prev();
                    if (!cursor.atPrefix(prefix)) {
                        break;
                    }
                    if (++steps >= MvccCursor.STEPS_BEFORE_SEEK) {
                        cursor.seek(MvccKeys.withTimestamp(prefix, readTs));
                        Invariants.check(cursor.atPrefix(prefix), "reverse scan lost the visible version it passed");
                        visibleKey = cursor.key();
                        visibleValue = cursor.value();
                        cursor.seekForPrev(prefix);
                        break;
                    }
                }
                if (visibleKey != null) {
                    addIfLive(result, visibleKey, prefix.length, visibleValue);
                }
            }
        }
        return result;
    }

    private static void addIfLive(List<KeyValue> result, byte[] versionKey, int prefixLength, byte[] value) {
        if (MvccValues.isLive(value)) {
            result.add(new KeyValue(MvccKeys.userKey(versionKey, prefixLength), MvccKeys.timestamp(versionKey, prefixLength),
                    MvccValues.payload(value)));
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative scan limit " + limit);
        }
    }

    /** An iterator confined to [lower, upper) in total order, with the native objects it needs. */
    private final class Bounded implements AutoCloseable {
        private final Slice lowerBound;
        private final Slice upperBound;
        private final ReadOptions options;
        private final RocksIterator iterator;
        final MvccCursor cursor;

        Bounded(byte[] lower, byte[] upper) {
            lowerBound = new Slice(lower);
            upperBound = new Slice(upper);
            options = new ReadOptions().setTotalOrderSeek(true).setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound);
            iterator = db.newIterator(mvcc, options);
            cursor = new MvccCursor(iterator);
        }

        @Override
        public void close() {
            iterator.close();
            options.close();
            upperBound.close();
            lowerBound.close();
        }
    }

    @Override
    public void close() {
        prefixIterators.close();
        totalOrderIterators.close();
        prefixRead.close();
        totalOrderRead.close();
    }
}
