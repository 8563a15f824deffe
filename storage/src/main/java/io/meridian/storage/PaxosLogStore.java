package io.meridian.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The durable log and hard state of one Paxos group on one node. Entries are opaque bytes keyed by
 * slot index; {@link #persist} is synced before it returns, so a replica may acknowledge what it
 * wrote as soon as the call ends.
 */
public final class PaxosLogStore {
    private final RocksStorage storage;
    private final long groupId;

    PaxosLogStore(RocksStorage storage, long groupId) {
        this.storage = storage;
        this.groupId = groupId;
    }

    private byte[] entryKey(long index) {
        return ByteBuffer.allocate(16).putLong(groupId).putLong(index).array();
    }

    private byte[] stateKey() {
        return ByteBuffer.allocate(8).putLong(groupId).array();
    }

    /** Writes entries (slot → bytes) and, if non-null, the hard state in one synced batch. */
    public void persist(Map<Long, byte[]> entries, byte[] hardState) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<Long, byte[]> e : entries.entrySet()) {
                batch.put(storage.family("paxos_log"), entryKey(e.getKey()), e.getValue());
            }
            if (hardState != null) {
                batch.put(storage.family("paxos_state"), stateKey(), hardState);
            }
            storage.db().write(storage.syncWrite(), batch);
        } catch (RocksDBException e) {
            throw new StorageException("paxos log write failed for group " + groupId, e);
        }
    }

    public Optional<byte[]> hardState() {
        try {
            return Optional.ofNullable(storage.db().get(storage.family("paxos_state"), stateKey()));
        } catch (RocksDBException e) {
            throw new StorageException("paxos hard state read failed for group " + groupId, e);
        }
    }

    /** Entries with index >= fromIndex, in index order. */
    public List<Map.Entry<Long, byte[]>> read(long fromIndex) {
        List<Map.Entry<Long, byte[]>> out = new ArrayList<>();
        try (ReadOptions options = new ReadOptions();
                RocksIterator it = storage.db().newIterator(storage.family("paxos_log"), options)) {
            for (it.seek(entryKey(fromIndex)); it.isValid(); it.next()) {
                ByteBuffer key = ByteBuffer.wrap(it.key());
                if (key.getLong() != groupId) {
                    break;
                }
                out.add(Map.entry(key.getLong(), it.value()));
            }
        }
        return out;
    }
}
