package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;

/**
 * Export of a key range at a timestamp to SST files (from a RocksDB snapshot, so concurrent writes
 * do not tear it) and installation of such files into another node's mvcc family by ingestion.
 *
 * <p>Install is not one atomic step: it clears the range, then ingests. A synced marker in the
 * metadata family brackets the two, so after a crash in between {@link RocksStorage#interruptedSnapshotInstalls}
 * names the range, and its owner fetches the snapshot again instead of serving a half-empty range.
 */
final class RangeSnapshots {
    static final long FILE_BYTES_MAX_DEFAULT = 128L * 1024 * 1024;
    static final byte[] INSTALL_MARKER_PREFIX = "snapshot-install/".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final long READAHEAD_BYTES = 2 * 1024 * 1024;

    private final RocksStorage storage;

    RangeSnapshots(RocksStorage storage) {
        this.storage = storage;
    }

    RangeSnapshot export(byte[] startKey, byte[] endKey, Timestamp ts, Path directory, long fileBytesMax) {
        try (ReadView view = new ReadView(storage, storage.db().getSnapshot())) {
            return export(view, startKey, endKey, ts, directory, fileBytesMax);
        }
    }

    RangeSnapshot export(ReadView view, byte[] startKey, byte[] endKey, Timestamp ts, Path directory, long fileBytesMax) {
        prepareEmptyDirectory(directory);
        byte[] lower = MvccKeys.prefix(startKey);
        byte[] invertedTs = MvccKeys.invertedTimestamp(ts);
        List<Path> files = new ArrayList<>();
        long versions = 0;
        Snapshot snapshot = view.snapshot();
        try (Slice lowerBound = new Slice(lower);
                Slice upperBound = new Slice(MvccKeys.prefix(endKey));
                ReadOptions options = new ReadOptions().setSnapshot(snapshot).setTotalOrderSeek(true).setFillCache(false)
                        .setReadaheadSize(READAHEAD_BYTES).setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound);
                RocksIterator it = storage.db().newIterator(storage.family(RocksStorage.MVCC), options);
                Options sstOptions = storage.tuning().sstWriterOptions();
                EnvOptions envOptions = new EnvOptions()) {
            MvccCursor cursor = new MvccCursor(it);
            SstFileWriter writer = null;
            long fileBytes = 0;
            try {
                for (cursor.seek(lower); cursor.valid(); ) {
                    byte[] first = cursor.key();
                    int prefixLength = cursor.prefixLength();
                    if (MvccKeys.isAfter(first, prefixLength, invertedTs)) {
                        cursor.skipNewerThan(first, prefixLength, invertedTs, ts);
                        if (!cursor.atPrefixOf(first, prefixLength)) {
                            continue;
                        }
                    }
                    if (writer == null) {
                        writer = new SstFileWriter(envOptions, sstOptions);
                        Path file = directory.resolve(String.format("snapshot-%06d.sst", files.size() + 1));
                        writer.open(file.toString());
                        files.add(file);
                        fileBytes = 0;
                    }
                    for (; cursor.atPrefixOf(first, prefixLength); cursor.next()) {
                        byte[] value = cursor.value();
                        writer.put(cursor.key(), value);
                        fileBytes += cursor.key().length + value.length;
                        versions++;
                    }
                    if (fileBytes >= fileBytesMax) {
                        finish(writer);
                        writer = null;
                    }
                }
                if (writer != null) {
                    finish(writer);
                    writer = null;
                }
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        } catch (RocksDBException e) {
            throw new StorageException("snapshot export to " + directory + " failed: " + e.getMessage(), e);
        }
        return new RangeSnapshot(startKey.clone(), endKey.clone(), ts, files, versions);
    }

    private static void finish(SstFileWriter writer) throws RocksDBException {
        try {
            writer.finish();
        } finally {
            writer.close();
        }
    }

    private static void prepareEmptyDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new StorageException("snapshot directory " + directory + " is not empty");
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot prepare snapshot directory " + directory, e);
        }
    }

    /**
     * Replaces the versions of [startKey, endKey) with the snapshot's, then writes the metadata
     * (e.g. the applied index the snapshot stands for) in the same synced batch that clears the
     * install marker. Consumes the files: they are moved (hard-linked) into the database.
     */
    void install(RangeSnapshot snapshot, List<Mutation> metadata) {
        byte[] lower = MvccKeys.prefix(snapshot.startKey());
        byte[] upper = MvccKeys.prefix(snapshot.endKey());
        for (Path file : snapshot.files()) {
            verifyFile(file, lower, upper);
        }
        byte[] marker = markerKey(snapshot.startKey());
        try {
            storage.db().put(storage.family(RocksStorage.DEFAULT), storage.syncWrite(), marker, snapshot.endKey());
            storage.db().deleteRange(storage.family(RocksStorage.MVCC), lower, upper);
            if (!snapshot.files().isEmpty()) {
                List<String> paths = snapshot.files().stream().map(Path::toString).toList();
                try (IngestExternalFileOptions options = new IngestExternalFileOptions()
                        .setMoveFiles(true).setSnapshotConsistency(true).setAllowGlobalSeqNo(true).setAllowBlockingFlush(true)) {
                    storage.db().ingestExternalFile(storage.family(RocksStorage.MVCC), paths, options);
                }
            }
            try (WriteBatch batch = new WriteBatch()) {
                RocksStorage.addMetadata(batch, storage.family(RocksStorage.DEFAULT), metadata);
                batch.delete(storage.family(RocksStorage.DEFAULT), marker);
                storage.db().write(storage.syncWrite(), batch);
            }
        } catch (RocksDBException e) {
            throw new StorageException("snapshot install failed: " + e.getMessage(), e);
        }
    }

    /** Checksums every block, and checks every key is a version key inside the snapshot's range. */
    private void verifyFile(Path file, byte[] lower, byte[] upper) {
        try (Options options = storage.tuning().sstWriterOptions();
                SstFileReader reader = new SstFileReader(options)) {
            reader.open(file.toString());
            reader.verifyChecksum();
            try (ReadOptions readOptions = new ReadOptions(); SstFileReaderIterator it = reader.newIterator(readOptions)) {
                it.seekToFirst();
                Invariants.check(it.isValid(), "snapshot file %s is empty", file);
                checkInRange(file, it.key(), lower, upper);
                it.seekToLast();
                checkInRange(file, it.key(), lower, upper);
            }
        } catch (RocksDBException e) {
            throw new StorageException("snapshot file " + file + " is unreadable or corrupt: " + e.getMessage(), e);
        }
    }

    private static void checkInRange(Path file, byte[] versionKey, byte[] lower, byte[] upper) {
        MvccKeys.checkedPrefixLength(versionKey);
        Invariants.check(Arrays.compareUnsigned(versionKey, lower) >= 0 && Arrays.compareUnsigned(versionKey, upper) < 0,
                "snapshot file %s holds a key outside its range", file);
    }

    static byte[] markerKey(byte[] startKey) {
        byte[] key = Arrays.copyOf(INSTALL_MARKER_PREFIX, INSTALL_MARKER_PREFIX.length + startKey.length);
        System.arraycopy(startKey, 0, key, INSTALL_MARKER_PREFIX.length, startKey.length);
        return key;
    }

    List<KeyRange> interruptedInstalls() {
        List<KeyRange> ranges = new ArrayList<>();
        try (ReadOptions options = new ReadOptions();
                RocksIterator it = storage.db().newIterator(storage.family(RocksStorage.DEFAULT), options)) {
            for (it.seek(INSTALL_MARKER_PREFIX); it.isValid() && MvccKeys.hasPrefix(it.key(), INSTALL_MARKER_PREFIX); it.next()) {
                byte[] key = it.key();
                ranges.add(new KeyRange(Arrays.copyOfRange(key, INSTALL_MARKER_PREFIX.length, key.length), it.value()));
            }
        }
        return ranges;
    }
}
