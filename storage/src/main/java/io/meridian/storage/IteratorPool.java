package io.meridian.storage;

import java.nio.ByteBuffer;
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
 * {@link #borrow} refreshes, so a borrowed iterator always reads the latest state. Each comes with
 * direct buffers the key and value are copied into, which spares the JNI array allocations.
 *
 * <p>An idle pooled iterator pins the memtables and SST files of its last refresh, so the pool is
 * small: at most {@link #POOLED_ITERATORS_MAX}, beyond which returned iterators are closed.
 */
final class IteratorPool implements AutoCloseable {
    static final int POOLED_ITERATORS_MAX = 8;
    private static final int KEY_BYTES_INITIAL = 128;
    private static final int VALUE_BYTES_INITIAL = 1024;

    /** An iterator and the buffers reads through it use; one borrower at a time. */
    static final class Pooled {
        final RocksIterator iterator;
        private ByteBuffer key = ByteBuffer.allocateDirect(KEY_BYTES_INITIAL);
        private ByteBuffer value = ByteBuffer.allocateDirect(VALUE_BYTES_INITIAL);

        private Pooled(RocksIterator iterator) {
            this.iterator = iterator;
        }

        /** The current key in a buffer from position 0 to its length; the iterator must be valid. */
        ByteBuffer key() {
            key.clear();
            int length = iterator.key(key);
            if (length > key.capacity()) {
                key = ByteBuffer.allocateDirect(Math.max(length, key.capacity() * 2));
                iterator.key(key);
            }
            return key;
        }

        /** The current value in a buffer from position 0 to its length; the iterator must be valid. */
        ByteBuffer value() {
            value.clear();
            int length = iterator.value(value);
            if (length > value.capacity()) {
                value = ByteBuffer.allocateDirect(Math.max(length, value.capacity() * 2));
                iterator.value(value);
            }
            return value;
        }
    }

    private final RocksDB db;
    private final ColumnFamilyHandle family;
    private final ReadOptions options;
    private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    IteratorPool(RocksDB db, ColumnFamilyHandle family, ReadOptions options) {
        this.db = db;
        this.family = family;
        this.options = options;
    }

    Pooled borrow() {
        Pooled pooled = idle.pollFirst();
        if (pooled == null) {
            return new Pooled(db.newIterator(family, options));
        }
        idleCount.decrementAndGet();
        try {
            pooled.iterator.refresh();
        } catch (RocksDBException e) {
            pooled.iterator.close();
            throw new StorageException("iterator refresh failed: " + e.getMessage(), e);
        }
        return pooled;
    }

    void giveBack(Pooled pooled) {
        if (idleCount.incrementAndGet() <= POOLED_ITERATORS_MAX) {
            idle.offerFirst(pooled);
        } else {
            idleCount.decrementAndGet();
            pooled.iterator.close();
        }
    }

    @Override
    public void close() {
        for (Pooled pooled = idle.pollFirst(); pooled != null; pooled = idle.pollFirst()) {
            pooled.iterator.close();
        }
    }
}
