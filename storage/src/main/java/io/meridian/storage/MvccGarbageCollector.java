package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Removes versions no read at or after {@code pruneBefore} can see. Per user key it keeps every
 * version later than pruneBefore and the newest version at or below it (the one a read at
 * pruneBefore sees); everything older goes. When that kept version is a tombstone it goes too, but
 * only in the last batch that touches the key, after the versions it hides, so no reader ever sees
 * an older version resurface.
 *
 * <p>Runs on the caller's thread, concurrently with reads and writes: it deletes only versions it
 * read, and writes its deletes in batches of at most {@link #BATCH_DELETES_MAX}.
 */
final class MvccGarbageCollector {
    static final int BATCH_DELETES_MAX = 10_000;

    private final RocksDB db;
    private final ColumnFamilyHandle mvcc;
    private final WriteOptions writeOptions;

    MvccGarbageCollector(RocksDB db, ColumnFamilyHandle mvcc, WriteOptions writeOptions) {
        this.db = db;
        this.mvcc = mvcc;
        this.writeOptions = writeOptions;
    }

    GcStats collect(Timestamp pruneBefore) {
        byte[] invertedTs = MvccKeys.invertedTimestamp(pruneBefore);
        long keys = 0;
        long removed = 0;
        try (ReadOptions options = new ReadOptions().setTotalOrderSeek(true).setFillCache(false);
                RocksIterator it = db.newIterator(mvcc, options);
                WriteBatch batch = new WriteBatch()) {
            MvccCursor cursor = new MvccCursor(it);
            cursor.seekToFirst();
            while (cursor.valid()) {
                keys++;
                byte[] first = cursor.key();
                int prefixLength = cursor.prefixLength();
                if (MvccKeys.isAfter(first, prefixLength, invertedTs)) {
                    cursor.skipNewerThan(first, prefixLength, invertedTs, pruneBefore);
                    if (!cursor.atPrefixOf(first, prefixLength)) {
                        continue;
                    }
                }
                byte[] kept = cursor.key();
                boolean keptIsTombstone = !MvccValues.isLive(cursor.value());
                for (cursor.next(); cursor.atPrefixOf(first, prefixLength); cursor.next()) {
                    batch.delete(mvcc, cursor.key());
                    removed++;
                    writeIfFull(batch);
                }
                if (keptIsTombstone) {
                    batch.delete(mvcc, kept);
                    removed++;
                    writeIfFull(batch);
                }
            }
            write(batch);
        } catch (RocksDBException e) {
            throw new StorageException("mvcc GC failed: " + e.getMessage(), e);
        }
        return new GcStats(keys, removed);
    }

    private void writeIfFull(WriteBatch batch) throws RocksDBException {
        if (batch.count() >= BATCH_DELETES_MAX) {
            write(batch);
        }
    }

    private void write(WriteBatch batch) throws RocksDBException {
        if (batch.count() > 0) {
            db.write(writeOptions, batch);
            batch.clear();
        }
    }
}
