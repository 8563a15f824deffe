package io.meridian.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * The durable log and hard state of one Paxos group on one node. Entries are opaque bytes keyed by
 * slot index (non-negative). {@link #persist} is synced before it returns, so a replica may
 * acknowledge what it wrote as soon as the call ends; concurrent callers (the groups of a node)
 * share syncs through the node's {@link GroupCommitLog}.
 *
 * <p>Keys: paxos_log holds groupId ‖ index (both big-endian), paxos_state holds groupId (hard
 * state) and groupId ‖ 0x01 (the first index kept after {@link #truncatePrefix}).
 */
public final class PaxosLogStore {
    private static final byte FIRST_INDEX_SUFFIX = 0x01;

    private final RocksStorage storage;
    private final long groupId;

    PaxosLogStore(RocksStorage storage, long groupId) {
        this.storage = storage;
        this.groupId = groupId;
    }

    public long groupId() {
        return groupId;
    }

    private byte[] entryKey(long index) {
        return ByteBuffer.allocate(16).putLong(groupId).putLong(index).array();
    }

    private byte[] stateKey() {
        return ByteBuffer.allocate(8).putLong(groupId).array();
    }

    private byte[] firstIndexKey() {
        return ByteBuffer.allocate(9).putLong(groupId).put(FIRST_INDEX_SUFFIX).array();
    }

    /**
     * Writes entries (slot → bytes) and, if non-null, the hard state, atomically, and returns once
     * they are synced to disk. Concurrent calls from many groups share one sync.
     */
    public void persist(Map<Long, byte[]> entries, byte[] hardState) {
        if (entries.isEmpty() && hardState == null) {
            return;
        }
        List<GroupCommitLog.LogWrite> writes = new ArrayList<>(entries.size() + 1);
        for (Map.Entry<Long, byte[]> e : entries.entrySet()) {
            long index = e.getKey();
            Invariants.check(index >= 0, "negative log index %s in group %s", index, groupId);
            writes.add(new GroupCommitLog.LogWrite(RocksStorage.PAXOS_LOG, entryKey(index), e.getValue()));
        }
        if (hardState != null) {
            writes.add(new GroupCommitLog.LogWrite(RocksStorage.PAXOS_STATE, stateKey(), hardState));
        }
        storage.commitSynced(writes);
    }

    public Optional<byte[]> hardState() {
        try {
            return Optional.ofNullable(storage.db().get(storage.family(RocksStorage.PAXOS_STATE), stateKey()));
        } catch (RocksDBException e) {
            throw new StorageException("paxos hard state read failed for group " + groupId, e);
        }
    }

    /** Entries with index >= fromIndex, in index order. */
    public List<Map.Entry<Long, byte[]>> read(long fromIndex) {
        return read(fromIndex, Long.MAX_VALUE);
    }

    /** Entries with fromIndex <= index < toIndex, in index order. */
    public List<Map.Entry<Long, byte[]>> read(long fromIndex, long toIndex) {
        List<Map.Entry<Long, byte[]>> out = new ArrayList<>();
        if (fromIndex >= toIndex) {
            return out;
        }
        byte[] upper = entryKey(toIndex);
        try (Slice upperBound = new Slice(upper);
                ReadOptions options = new ReadOptions().setIterateUpperBound(upperBound);
                RocksIterator it = storage.db().newIterator(storage.family(RocksStorage.PAXOS_LOG), options)) {
            for (it.seek(entryKey(Math.max(0, fromIndex))); it.isValid(); it.next()) {
                byte[] keyBytes = it.key();
                Invariants.check(keyBytes.length == 16, "paxos log key of %s bytes", keyBytes.length);
                ByteBuffer key = ByteBuffer.wrap(keyBytes);
                Invariants.check(key.getLong() == groupId, "paxos log read strayed out of group %s", groupId);
                out.add(Map.entry(key.getLong(), it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("paxos log read failed for group " + groupId, e);
        }
        return out;
    }

    /** The highest index present, or empty when the log holds no entry. */
    public Optional<Long> lastIndex() {
        try (ReadOptions options = new ReadOptions();
                RocksIterator it = storage.db().newIterator(storage.family(RocksStorage.PAXOS_LOG), options)) {
            it.seekForPrev(entryKey(Long.MAX_VALUE));
            if (!it.isValid()) {
                return Optional.empty();
            }
            ByteBuffer key = ByteBuffer.wrap(it.key());
            return key.getLong() == groupId ? Optional.of(key.getLong()) : Optional.empty();
        }
    }

    /** The first index {@link #truncatePrefix} kept; 0 before any truncation. */
    public long firstIndex() {
        try {
            byte[] value = storage.db().get(storage.family(RocksStorage.PAXOS_STATE), firstIndexKey());
            return value == null ? 0 : ByteBuffer.wrap(value).getLong();
        } catch (RocksDBException e) {
            throw new StorageException("paxos first index read failed for group " + groupId, e);
        }
    }

    /**
     * Deletes every entry with index < firstKeptIndex, after a snapshot covers them. Not synced:
     * entries that come back after a crash are harmless, the snapshot already covers them.
     */
    public void truncatePrefix(long firstKeptIndex) {
        Invariants.check(firstKeptIndex >= 0, "negative truncation index %s in group %s", firstKeptIndex, groupId);
        if (firstKeptIndex <= firstIndex()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(storage.family(RocksStorage.PAXOS_LOG), entryKey(0), entryKey(firstKeptIndex));
            batch.put(storage.family(RocksStorage.PAXOS_STATE), firstIndexKey(),
                    ByteBuffer.allocate(8).putLong(firstKeptIndex).array());
            storage.writePlain(batch);
        } catch (RocksDBException e) {
            throw new StorageException("paxos log truncation failed for group " + groupId, e);
        }
    }
}
