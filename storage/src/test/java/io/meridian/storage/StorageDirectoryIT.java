package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.Timestamp;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Opening refuses every directory that is not healthy Meridian storage, says why, and changes nothing. */
class StorageDirectoryIT {
    @TempDir
    Path temp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createsInMissingOrEmptyDirectoryAndReopensWithData() throws IOException {
        Path missing = temp.resolve("missing");
        try (RocksStorage storage = RocksStorage.open(missing, StorageOptions.small())) {
            storage.applyVersions(List.of(Mutation.put(bytes("k"), bytes("v"))), Timestamp.ofMicros(5), List.of());
        }
        try (RocksStorage storage = RocksStorage.open(missing, StorageOptions.small())) {
            assertArrayEquals(bytes("v"), storage.get(bytes("k"), Timestamp.MAX).orElseThrow().value());
        }
        Path empty = Files.createDirectories(temp.resolve("empty"));
        RocksStorage.open(empty, StorageOptions.small()).close();
    }

    @Test
    void refusesNonEmptyDirectoryWithoutRocksDb() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("photos"));
        Files.writeString(directory.resolve("holiday.jpg"), "not a database");
        assertRefused(directory, "not a Meridian data directory");
    }

    @Test
    void refusesForeignRocksDb() throws Exception {
        Path directory = temp.resolve("foreign");
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, directory.toString())) {
            db.put(bytes("their"), bytes("data"));
        }
        assertRefused(directory, "foreign database");
    }

    @Test
    void refusesRocksDbWithOurFamiliesButNoFormatMarker() throws Exception {
        Path directory = temp.resolve("lookalike");
        List<ColumnFamilyDescriptor> descriptors = RocksTuning.FAMILIES.stream()
                .map(name -> new ColumnFamilyDescriptor(bytes(name))).toList();
        List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)) {
            RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles);
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
        }
        // Opening it is the only way to look inside (RocksDB rewrites its own housekeeping files),
        // and the missing format marker inside refuses it; no data is written and no marker file.
        StorageException e = assertThrows(StorageException.class, () -> RocksStorage.open(directory, StorageOptions.small()));
        assertTrue(e.getMessage().contains("no format marker inside"), e.getMessage());
        assertTrue(!Files.exists(directory.resolve(StorageDirectory.MARKER_FILE)), "a refused directory is not adopted");
    }

    @Test
    void storageFromBeforeTheMarkerFileIsAdopted() throws IOException {
        Path directory = populated("unmarked");
        Files.delete(directory.resolve(StorageDirectory.MARKER_FILE));
        try (RocksStorage storage = RocksStorage.open(directory, StorageOptions.small())) {
            assertTrue(storage.get(bytes("key-7"), Timestamp.MAX).isPresent());
        }
        assertEquals(StorageDirectory.FORMAT, Files.readString(directory.resolve(StorageDirectory.MARKER_FILE)).trim());
    }

    @Test
    void refusesAnotherFormatVersion() throws IOException {
        Path directory = populated("old-format");
        Files.writeString(directory.resolve(StorageDirectory.MARKER_FILE), "meridian-storage-v0\n");
        assertRefused(directory, "its format is 'meridian-storage-v0'");
    }

    @Test
    void aCreationInterruptedAfterTheMarkerStartsFresh() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("interrupted"));
        Files.writeString(directory.resolve(StorageDirectory.MARKER_FILE), StorageDirectory.FORMAT + "\n");
        RocksStorage.open(directory, StorageOptions.small()).close();
        RocksStorage.open(directory, StorageOptions.small()).close();
    }

    @Test
    void refusesWhenCurrentFileIsLost() throws IOException {
        Path directory = populated("lost-current");
        Files.delete(directory.resolve("CURRENT"));
        assertRefused(directory, "no RocksDB CURRENT file");
    }

    @Test
    void refusesCorruptManifest() throws IOException {
        Path directory = populated("bad-manifest");
        String manifest = Files.readString(directory.resolve("CURRENT")).trim();
        try (RandomAccessFile file = new RandomAccessFile(directory.resolve(manifest).toFile(), "rw")) {
            file.setLength(file.length() / 2);
            file.seek(8);
            file.write(new byte[64]);
        }
        assertRefused(directory, "corrupt");
    }

    @Test
    void refusesTruncatedDataFile() throws IOException {
        Path directory = populated("truncated-sst");
        Path sst = onlyFile(directory, ".sst");
        try (RandomAccessFile file = new RandomAccessFile(sst.toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }
        assertRefused(directory, "corrupt or files are missing");
    }

    @Test
    void bitRotInsideDataFileFailsReadsAndChecksumVerification() throws IOException {
        Path directory = populated("bit-rot");
        Path sst = onlyFile(directory, ".sst");
        try (RandomAccessFile file = new RandomAccessFile(sst.toFile(), "rw")) {
            file.seek(100);
            byte b = file.readByte();
            file.seek(100);
            file.writeByte(~b);
        }
        try (RocksStorage storage = RocksStorage.open(directory, StorageOptions.small())) {
            StorageException e = assertThrows(StorageException.class, storage::verifyChecksums);
            assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("Corruption"), e.getMessage());
            assertThrows(StorageException.class, () -> storage.scan(new byte[0], new byte[] {(byte) 0xFF}, Timestamp.MAX, 1000));
        }
    }

    @Test
    void refusesASecondOpenOfTheSameDirectory() {
        Path directory = temp.resolve("busy");
        RocksStorage storage = RocksStorage.open(directory, StorageOptions.small());
        try {
            StorageException e = assertThrows(StorageException.class, () -> RocksStorage.open(directory, StorageOptions.small()));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        } finally {
            storage.close();
        }
    }

    private Path populated(String name) {
        Path directory = temp.resolve(name);
        try (RocksStorage storage = RocksStorage.open(directory, StorageOptions.small())) {
            for (int i = 0; i < 500; i++) {
                storage.applyVersions(List.of(Mutation.put(bytes("key-" + i), bytes("value-" + i))), Timestamp.ofMicros(i + 1), List.of());
            }
            storage.flush();
        }
        return directory;
    }

    private static Path onlyFile(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> matching = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertTrue(!matching.isEmpty(), "no " + suffix + " file in " + directory);
            return matching.stream().max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
    }

    /** The open fails with a message naming the reason, and the directory's files are unchanged. */
    private static void assertRefused(Path directory, String reason) throws IOException {
        Map<String, Long> before = listing(directory);
        StorageException e = assertThrows(StorageException.class, () -> RocksStorage.open(directory, StorageOptions.small()));
        assertTrue(e.getMessage().contains("refusing to open"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(before, listing(directory), "a refused open must leave the directory as it was");
    }

    private static Map<String, Long> listing(Path directory) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> !p.getFileName().toString().startsWith("LOG")).forEach(p -> sizes.put(p.getFileName().toString(), p.toFile().length()));
        }
        return sizes;
    }
}
