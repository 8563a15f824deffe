package io.meridian.storage;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reusable iterators for point reads. Creating a RocksDB iterator costs about as much as the
 * lookup itself (it assembles iterators over every memtable and level); refreshing a pooled one
 * costs next to nothing while no flush or compaction happened, and otherwise what creating does.
 * {@link #borrow} refreshes, so a borrowed iterator always reads the latest state.
 *
 * <p>An idle pooled iterator pins the memtables and SST files of its last refresh, so the pool is
 * small: at most {@link #POOLED_ITERATORS_MAX}, beyond which returned iterators are closed.
 */
final class IteratorPool implements AutoCloseable {
    static final int POOLED_ITERATORS_MAX = 8;

    private final RocksDB db;
    private final ColumnFamilyHandle family;
    private final ReadOptions options;
    private final ConcurrentLinkedDeque<RocksIterator> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    IteratorPool(RocksDB db, ColumnFamilyHandle family, ReadOptions options) {
        this.db = db;
        this.family = family;
        this.options = options;
    }

    RocksIterator borrow() {
        RocksIterator iterator = idle.pollFirst();
        if (iterator == null) {
            return db.newIterator(family, options);
        }
        idleCount.decrementAndGet();
        try {
            iterator.refresh();
        } catch (RocksDBException e) {
            iterator.close();
            throw new StorageException("iterator refresh failed: " + e.getMessage(), e);
        }
        return iterator;
    }

    void giveBack(RocksIterator iterator) {
        if (idleCount.incrementAndGet() <= POOLED_ITERATORS_MAX) {
            idle.offerFirst(iterator);
        } else {
            idleCount.decrementAndGet();
            iterator.close();
        }
    }

    @Override
    public void close() {
        for (RocksIterator iterator = idle.pollFirst(); iterator != null; iterator = idle.pollFirst()) {
            iterator.close();
        }
    }
}
