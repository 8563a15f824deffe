package io.meridian.storage;

import org.rocksdb.Snapshot;

/**
 * A frozen view of the whole database (a RocksDB snapshot): exports from it see the data as of
 * {@link RocksStorage#openReadView}, whatever is written later. Holding one keeps the versions it
 * sees from being compacted away, so close it when done. Thread-safe.
 */
public final class ReadView implements AutoCloseable {
    private final RocksStorage storage;
    private Snapshot snapshot;

    ReadView(RocksStorage storage, Snapshot snapshot) {
        this.storage = storage;
        this.snapshot = snapshot;
    }

    synchronized Snapshot snapshot() {
        Invariants.check(snapshot != null, "read view used after close");
        return snapshot;
    }

    @Override
    public synchronized void close() {
        if (snapshot != null) {
            storage.db().releaseSnapshot(snapshot);
            snapshot.close();
            snapshot = null;
        }
    }
}
