package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One node's RocksDB. Column families: {@code mvcc} (row versions), {@code locks} (intent records),
 * {@code paxos_log} (log entries per group), {@code paxos_state} (hard state per group), and the
 * default family for node metadata. Thread-safe: RocksDB is, the Paxos log's group commit
 * serialises its own queue, and everything else here is immutable after {@link #open}.
 */
public final class RocksStorage implements AutoCloseable {
    static final byte[] FORMAT_KEY = "meridian.format".getBytes(StandardCharsets.UTF_8);
    static final byte[] FORMAT_VALUE = "meridian-storage-v1".getBytes(StandardCharsets.UTF_8);
    static final int DEFAULT = RocksTuning.FAMILIES.indexOf("default");
    static final int MVCC = RocksTuning.FAMILIES.indexOf("mvcc");
    static final int LOCKS = RocksTuning.FAMILIES.indexOf("locks");
    static final int PAXOS_LOG = RocksTuning.FAMILIES.indexOf("paxos_log");
    static final int PAXOS_STATE = RocksTuning.FAMILIES.indexOf("paxos_state");

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final RocksTuning tuning;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final WriteOptions syncWrite = new WriteOptions().setSync(true);
    private final WriteOptions plainWrite = new WriteOptions();
    private final MvccReader reader;
    private final MvccGarbageCollector collector;
    private final RangeSnapshots snapshots;
    private final GroupCommitLog groupCommit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RocksStorage(Path directory, RocksTuning tuning, RocksDB db, List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.tuning = tuning;
        this.db = db;
        this.handles = handles;
        this.reader = new MvccReader(db, handles.get(MVCC));
        this.collector = new MvccGarbageCollector(db, handles.get(MVCC), plainWrite);
        this.snapshots = new RangeSnapshots(this);
        this.groupCommit = new GroupCommitLog(this::writeGroupSynced, GroupCommitLog.QUEUE_REQUESTS_MAX);
    }

    /** {@link #open(Path, StorageOptions)} with {@link StorageOptions#defaults()}. */
    public static RocksStorage open(Path directory) {
        return open(directory, StorageOptions.defaults());
    }

    /**
     * Opens the node's storage, creating it only in a missing or empty directory. A directory that
     * holds something other than Meridian storage, or Meridian storage RocksDB finds damaged, is
     * refused with a {@link StorageException} saying why, and left as it was.
     */
    public static RocksStorage open(Path directory, StorageOptions options) {
        StorageDirectory.State state = StorageDirectory.inspect(directory);
        boolean fresh = state == StorageDirectory.State.FRESH;
        RocksTuning tuning = new RocksTuning(options);
        tuning.dbOptions().setCreateIfMissing(fresh).setCreateMissingColumnFamilies(fresh).setErrorIfExists(fresh);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(tuning.dbOptions(), directory.toString(), tuning.descriptors(), handles);
        } catch (RocksDBException e) {
            tuning.close();
            throw StorageDirectory.openFailed(directory, e);
        }
        RocksStorage storage = new RocksStorage(directory, tuning, db, handles);
        try {
            storage.checkFormat(fresh);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        if (state == StorageDirectory.State.UNMARKED) {
            StorageDirectory.adopt(directory);
        }
        return storage;
    }

    private void checkFormat(boolean fresh) {
        try {
            if (fresh) {
                db.put(family(DEFAULT), syncWrite, FORMAT_KEY, FORMAT_VALUE);
                return;
            }
            byte[] format = db.get(family(DEFAULT), FORMAT_KEY);
            if (format == null || !Arrays.equals(format, FORMAT_VALUE)) {
                throw StorageDirectory.refuse(directory, format == null
                        ? "it has Meridian's column families but no format marker inside (a foreign database?)"
                        : "its format is '" + new String(format, StandardCharsets.UTF_8) + "', this build reads '"
                                + new String(FORMAT_VALUE, StandardCharsets.UTF_8) + "'");
            }
        } catch (RocksDBException e) {
            throw StorageDirectory.openFailed(directory, e);
        }
    }

    ColumnFamilyHandle family(int index) {
        return handles.get(index);
    }

    RocksDB db() {
        return db;
    }

    RocksTuning tuning() {
        return tuning;
    }

    WriteOptions syncWrite() {
        return syncWrite;
    }

    void writePlain(WriteBatch batch) throws RocksDBException {
        db.write(plainWrite, batch);
    }

    public Path directory() {
        return directory;
    }

    /** The newest version of {@code key} at or below {@code readTs}; empty if none or a tombstone. */
    public Optional<KeyValue> get(byte[] key, Timestamp readTs) {
        return reader.get(key, readTs);
    }

    /**
     * Visible versions of the user keys in [startKey, endKey) at {@code readTs}, in key order,
     * tombstones skipped, at most {@code limit} of them.
     */
    public List<KeyValue> scan(byte[] startKey, byte[] endKey, Timestamp readTs, int limit) {
        return reader.scan(startKey, endKey, readTs, limit);
    }

    /** As {@link #scan}, in descending key order: the last {@code limit} visible keys below endKey. */
    public List<KeyValue> scanReverse(byte[] startKey, byte[] endKey, Timestamp readTs, int limit) {
        return reader.scanReverse(startKey, endKey, readTs, limit);
    }

    /**
     * Writes one version per mutation at {@code ts}, plus the given metadata entries, in one
     * atomic RocksDB batch. Replicas call this when they apply a committed log entry, together
     * with their applied index, so a crash never leaves one without the other. Not synced: the
     * Paxos log is the durable record, and replay rewrites what a crash lost.
     */
    public void applyVersions(List<Mutation> mutations, Timestamp ts, List<Mutation> metadata) {
        try {
            if (metadata.isEmpty() && mutations.size() == 1) {
                Mutation m = mutations.get(0);
                db.put(family(MVCC), plainWrite, MvccKeys.versionKey(m.key(), ts), MvccValues.encode(m));
                return;
            }
            if (mutations.isEmpty() && metadata.isEmpty()) {
                return;
            }
            try (WriteBatch batch = new WriteBatch()) {
                for (Mutation m : mutations) {
                    batch.put(family(MVCC), MvccKeys.versionKey(m.key(), ts), MvccValues.encode(m));
                }
                addMetadata(batch, family(DEFAULT), metadata);
                db.write(plainWrite, batch);
            }
        } catch (RocksDBException e) {
            throw new StorageException("apply failed in " + directory, e);
        }
    }

    static void addMetadata(WriteBatch batch, ColumnFamilyHandle metadataFamily, List<Mutation> metadata) throws RocksDBException {
        for (Mutation m : metadata) {
            if (m.isDelete()) {
                batch.delete(metadataFamily, m.key());
            } else {
                batch.put(metadataFamily, m.key(), m.value());
            }
        }
    }

    /** Node metadata (applied indexes, identity); empty when absent. */
    public Optional<byte[]> getMetadata(byte[] key) {
        try {
            return Optional.ofNullable(db.get(family(DEFAULT), key));
        } catch (RocksDBException e) {
            throw new StorageException("metadata read failed in " + directory, e);
        }
    }

    public PaxosLogStore paxosLog(long groupId) {
        return new PaxosLogStore(this, groupId);
    }

    /** Makes the writes durable before returning, sharing one sync with concurrent callers. */
    void commitSynced(List<GroupCommitLog.LogWrite> writes) {
        groupCommit.commit(new GroupCommitLog.Request(writes));
    }

    private void writeGroupSynced(List<GroupCommitLog.Request> group) {
        try (WriteBatch batch = new WriteBatch()) {
            for (GroupCommitLog.Request request : group) {
                for (GroupCommitLog.LogWrite write : request.writes) {
                    if (write.value() == null) {
                        batch.delete(family(write.familyIndex()), write.key());
                    } else {
                        batch.put(family(write.familyIndex()), write.key(), write.value());
                    }
                }
            }
            db.write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new StorageException("synced log write failed in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Requests and synced writes of the Paxos log so far; requests / syncedWrites is the group size. */
    public LogCommitStats logCommitStats() {
        GroupCommitLog.Stats stats = groupCommit.stats();
        return new LogCommitStats(stats.requests(), stats.syncedWrites());
    }

    /**
     * Removes the versions no read at or after {@code pruneBefore} can see (see
     * {@link GcPolicy#pruneBefore} for choosing it). Reads below pruneBefore are no longer valid.
     */
    public GcStats gc(Timestamp pruneBefore) {
        return collector.collect(pruneBefore);
    }

    /** Writes the versions of [startKey, endKey) at or below {@code ts} as SST files into an empty {@code directory}. */
    public RangeSnapshot exportSnapshot(byte[] startKey, byte[] endKey, Timestamp ts, Path directory) {
        return exportSnapshot(startKey, endKey, ts, directory, RangeSnapshots.FILE_BYTES_MAX_DEFAULT);
    }

    /** As above, starting a new file once one holds {@code fileBytesMax} of keys and values (at a user-key boundary). */
    public RangeSnapshot exportSnapshot(byte[] startKey, byte[] endKey, Timestamp ts, Path directory, long fileBytesMax) {
        return snapshots.export(startKey, endKey, ts, directory, fileBytesMax);
    }

    /** A frozen view of the database as of now, for exports consistent with one moment (close it). */
    public ReadView openReadView() {
        return new ReadView(this, db.getSnapshot());
    }

    /** As {@link #exportSnapshot(byte[], byte[], Timestamp, Path)}, from a view opened earlier. */
    public RangeSnapshot exportSnapshot(ReadView view, byte[] startKey, byte[] endKey, Timestamp ts, Path directory) {
        return snapshots.export(view, startKey, endKey, ts, directory, RangeSnapshots.FILE_BYTES_MAX_DEFAULT);
    }

    /**
     * Makes every write so far durable (syncs the WAL), unsynced ones included: a state machine
     * calls this before the log that could replay those writes is truncated.
     */
    public void syncWal() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new StorageException("WAL sync failed in " + directory, e);
        }
    }

    /**
     * Replaces every version in the snapshot's key range with the snapshot's versions and then
     * writes {@code metadata} (synced). Consumes the snapshot's files.
     */
    public void installSnapshot(RangeSnapshot snapshot, List<Mutation> metadata) {
        snapshots.install(snapshot, metadata);
    }

    /** Ranges whose snapshot install a crash interrupted: their contents are partial until re-installed. */
    public List<KeyRange> interruptedSnapshotInstalls() {
        return snapshots.interruptedInstalls();
    }

    /** Flushes every memtable to SST files and waits. */
    public void flush() {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, handles);
        } catch (RocksDBException e) {
            throw new StorageException("flush failed in " + directory, e);
        }
    }

    /** Compacts the mvcc family fully (tests and benchmarks: a settled LSM). */
    public void compactMvcc() {
        try {
            db.compactRange(family(MVCC));
        } catch (RocksDBException e) {
            throw new StorageException("compaction failed in " + directory, e);
        }
    }

    /** Reads every block of every SST file and checks its checksum; slow, for operators and tests. */
    public void verifyChecksums() {
        try {
            db.verifyChecksum();
        } catch (RocksDBException e) {
            throw new StorageException("checksum verification failed in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The smallest key greater than {@code key}: key followed by 0x00. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        reader.close();
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        syncWrite.close();
        plainWrite.close();
        tuning.close();
    }
}
