package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.nio.ByteBuffer;
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
        byte[] seekKey = MvccKeys.versionKey(userKey, readTs);
        int prefixLength = seekKey.length - MvccKeys.TIMESTAMP_BYTES;
        IteratorPool pool = prefixLength >= RocksTuning.MVCC_PREFIX_BYTES ? prefixIterators : totalOrderIterators;
        IteratorPool.Pooled pooled = pool.borrow();
        try {
            RocksIterator it = pooled.iterator;
            it.seek(seekKey);
            if (!it.isValid()) {
                MvccCursor.checkStatus(it);
                return Optional.empty();
            }
            ByteBuffer key = pooled.key();
            if (key.limit() != seekKey.length || !MvccKeys.hasPrefix(key, seekKey, prefixLength)) {
                return Optional.empty();
            }
            byte[] row = MvccValues.payloadIfLive(pooled.value());
            return row == null ? Optional.empty() : Optional.of(new KeyValue(userKey.clone(), MvccKeys.timestamp(key, prefixLength), row));
        } finally {
            pool.giveBack(pooled);
        }
    }

    List<KeyValue> scan(byte[] startKey, byte[] endKey, Timestamp readTs, int limit) {
        checkLimit(limit);
        List<KeyValue> result = new ArrayList<>(Math.min(limit, 128));
        if (limit == 0 || Arrays.compareUnsigned(startKey, endKey) >= 0) {
            return result;
        }
        byte[] invertedTs = MvccKeys.invertedTimestamp(readTs);
        try (Bounded bounded = Bounded.upper(db, mvcc, MvccKeys.prefix(endKey))) {
            MvccCursor cursor = bounded.cursor;
            cursor.seek(MvccKeys.prefix(startKey));
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
        byte[] upper = MvccKeys.prefix(endKey);
        try (Bounded bounded = Bounded.lower(db, mvcc, MvccKeys.prefix(startKey))) {
            MvccCursor cursor = bounded.cursor;
            // No version key equals a bare prefix, so this lands on the last version below endKey.
            cursor.seekForPrev(upper);
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

    /**
     * A total-order iterator with one bound set natively: the bound in the direction of travel,
     * where RocksDB would otherwise walk on past the range over deleted entries. The start of a
     * forward scan and the end of a reverse scan are where the first seek lands.
     */
    private static final class Bounded implements AutoCloseable {
        private final Slice bound;
        private final ReadOptions options;
        private final RocksIterator iterator;
        final MvccCursor cursor;

        private Bounded(RocksDB db, ColumnFamilyHandle family, byte[] boundKey, boolean upper) {
            bound = new Slice(boundKey);
            options = new ReadOptions().setTotalOrderSeek(true);
            if (upper) {
                options.setIterateUpperBound(bound);
            } else {
                options.setIterateLowerBound(bound);
            }
            iterator = db.newIterator(family, options);
            cursor = new MvccCursor(iterator);
        }

        static Bounded upper(RocksDB db, ColumnFamilyHandle family, byte[] exclusiveEnd) {
            return new Bounded(db, family, exclusiveEnd, true);
        }

        static Bounded lower(RocksDB db, ColumnFamilyHandle family, byte[] inclusiveStart) {
            return new Bounded(db, family, inclusiveStart, false);
        }

        @Override
        public void close() {
            iterator.close();
            options.close();
            bound.close();
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
