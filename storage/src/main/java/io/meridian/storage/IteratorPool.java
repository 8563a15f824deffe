package io.meridian.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * small: {@link #POOLED_ITERATORS_MAX} slots, picked by thread id so concurrent readers rarely
 * meet; a reader finding its slot empty creates an iterator, and one finding it taken on return
 * closes its own.
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
    private final AtomicReferenceArray<Pooled> slots = new AtomicReferenceArray<>(POOLED_ITERATORS_MAX);

    IteratorPool(RocksDB db, ColumnFamilyHandle family, ReadOptions options) {
        this.db = db;
        this.family = family;
        this.options = options;
    }

    private static int slot() {
        return (int) (Thread.currentThread().getId() % POOLED_ITERATORS_MAX);
    }

    Pooled borrow() {
        Pooled pooled = slots.getAndSet(slot(), null);
        if (pooled == null) {
            return new Pooled(db.newIterator(family, options));
        }
        try {
            pooled.iterator.refresh();
        } catch (RocksDBException e) {
            pooled.iterator.close();
            throw new StorageException("iterator refresh failed: " + e.getMessage(), e);
        }
        return pooled;
    }

    void giveBack(Pooled pooled) {
        if (!slots.compareAndSet(slot(), null, pooled)) {
            pooled.iterator.close();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < POOLED_ITERATORS_MAX; i++) {
            Pooled pooled = slots.getAndSet(i, null);
            if (pooled != null) {
                pooled.iterator.close();
            }
        }
    }
}
