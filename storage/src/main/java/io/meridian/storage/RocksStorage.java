package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One node's RocksDB. Column families: {@code mvcc} (row versions), {@code locks} (intent records),
 * {@code paxos_log} (log entries per group), {@code paxos_state} (hard state per group), and the
 * default family for node metadata. Thread-safe: RocksDB is, and this class keeps no mutable state
 * beyond the handles.
 */
public final class RocksStorage implements AutoCloseable {
    static final byte[] FORMAT_KEY = "meridian.format".getBytes(StandardCharsets.UTF_8);
    static final byte[] FORMAT_VALUE = "meridian-storage-v1".getBytes(StandardCharsets.UTF_8);
    private static final List<String> FAMILIES = List.of("default", "mvcc", "locks", "paxos_log", "paxos_state");

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions familyOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final WriteOptions syncWrite = new WriteOptions().setSync(true);
    private final WriteOptions plainWrite = new WriteOptions();

    private RocksStorage(Path directory, DBOptions dbOptions, ColumnFamilyOptions familyOptions, RocksDB db,
            List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.dbOptions = dbOptions;
        this.familyOptions = familyOptions;
        this.db = db;
        this.handles = handles;
    }

    /**
     * Opens the node's storage, creating it only in a missing or empty directory. A directory
     * that holds something other than Meridian storage is refused, never overwritten.
     */
    public static RocksStorage open(Path directory) {
        boolean fresh = isMissingOrEmpty(directory);
        if (!fresh && !Files.exists(directory.resolve("CURRENT"))) {
            throw new StorageException("refusing to open " + directory + ": not empty and not a Meridian data directory");
        }
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(fresh).setCreateMissingColumnFamilies(fresh)
                .setMaxBackgroundJobs(2);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
            RocksStorage storage = new RocksStorage(directory, dbOptions, familyOptions, db, handles);
            storage.checkFormat(fresh);
            return storage;
        } catch (RocksDBException | IOException e) {
            throw new StorageException("cannot open storage at " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean isMissingOrEmpty(Path directory) {
        if (!Files.exists(directory)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new StorageException("cannot list " + directory, e);
        }
    }

    private void checkFormat(boolean fresh) throws RocksDBException {
        if (fresh) {
            db.put(family("default"), syncWrite, FORMAT_KEY, FORMAT_VALUE);
            return;
        }
        byte[] format = db.get(family("default"), FORMAT_KEY);
        if (format == null || !Arrays.equals(format, FORMAT_VALUE)) {
            close();
            throw new StorageException("refusing to open " + directory + ": format marker missing or foreign");
        }
    }

    ColumnFamilyHandle family(String name) {
        return handles.get(FAMILIES.indexOf(name));
    }

    RocksDB db() {
        return db;
    }

    WriteOptions syncWrite() {
        return syncWrite;
    }

    public Path directory() {
        return directory;
    }

    /** The newest version of {@code key} at or below {@code readTs}; empty if none or a tombstone. */
    public Optional<KeyValue> get(byte[] key, Timestamp readTs) {
        List<KeyValue> found = scan(key, successor(key), readTs, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Visible versions of the user keys in [startKey, endKey) at {@code readTs}, in key order,
     * tombstones skipped, at most {@code limit} of them.
     */
    public List<KeyValue> scan(byte[] startKey, byte[] endKey, Timestamp readTs, int limit) {
        List<KeyValue> result = new ArrayList<>();
        byte[] endPrefix = MvccKeys.prefix(endKey);
        try (ReadOptions options = new ReadOptions(); RocksIterator it = db.newIterator(family("mvcc"), options)) {
            byte[] skipKey = null;
            for (it.seek(MvccKeys.prefix(startKey)); it.isValid() && result.size() < limit; it.next()) {
                byte[] versionKey = it.key();
                if (Arrays.compareUnsigned(versionKey, endPrefix) >= 0) {
                    break;
                }
                byte[] userKey = MvccKeys.userKey(versionKey);
                if (skipKey != null && Arrays.equals(skipKey, userKey)) {
                    continue;
                }
                Timestamp ts = MvccKeys.timestamp(versionKey);
                if (ts.isAfter(readTs)) {
                    continue;
                }
                skipKey = userKey;
                byte[] value = it.value();
                if (value.length > 0 && value[0] == 1) {
                    result.add(new KeyValue(userKey, ts, Arrays.copyOfRange(value, 1, value.length)));
                }
            }
        }
        return result;
    }

    /**
     * Writes one version per mutation at {@code ts}, plus the given metadata entries, in one
     * atomic RocksDB batch. Replicas call this when they apply a committed log entry, together
     * with their applied index, so a crash never leaves one without the other.
     */
    public void applyVersions(List<Mutation> mutations, Timestamp ts, List<Mutation> metadata) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Mutation m : mutations) {
                byte[] value = m.isDelete() ? new byte[] {0} : prefixed(m.value());
                batch.put(family("mvcc"), MvccKeys.versionKey(m.key(), ts), value);
            }
            for (Mutation m : metadata) {
                if (m.isDelete()) {
                    batch.delete(family("default"), m.key());
                } else {
                    batch.put(family("default"), m.key(), m.value());
                }
            }
            db.write(plainWrite, batch);
        } catch (RocksDBException e) {
            throw new StorageException("apply failed in " + directory, e);
        }
    }

    /** Node metadata (applied indexes, identity); empty when absent. */
    public Optional<byte[]> getMetadata(byte[] key) {
        try {
            return Optional.ofNullable(db.get(family("default"), key));
        } catch (RocksDBException e) {
            throw new StorageException("metadata read failed in " + directory, e);
        }
    }

    public PaxosLogStore paxosLog(long groupId) {
        return new PaxosLogStore(this, groupId);
    }

    private static byte[] prefixed(byte[] value) {
        byte[] out = new byte[value.length + 1];
        out[0] = 1;
        System.arraycopy(value, 0, out, 1, value.length);
        return out;
    }

    /** The smallest key greater than {@code key}: key followed by 0x00. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        syncWrite.close();
        plainWrite.close();
        dbOptions.close();
        familyOptions.close();
    }
}
