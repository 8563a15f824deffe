package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.storage.keys.KeyEncoder;
import io.meridian.truetime.Timestamp;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export a key range at a timestamp from one instance, install it on another, compare scans. */
class RangeSnapshotIT {
    private static final long SEED = Long.getLong("snapshot.seed", 11L);
    private static final int ROWS = 3_000;
    private static final int SCAN_ROWS_MAX = 100_000;

    @TempDir
    Path temp;

    private static byte[] rowKey(long table, long id) {
        return new KeyEncoder().tableIndex(table, 1).writeLong(id).toBytes();
    }

    /** Rows of tables 1..3 with up to 4 versions each at timestamps 1..100 and some tombstones. */
    private static void populate(RocksStorage storage, SplittableRandom random, String tag) {
        for (int i = 0; i < ROWS; i++) {
            long table = 1 + random.nextInt(3);
            byte[] key = rowKey(table, random.nextInt(ROWS));
            Timestamp ts = Timestamp.ofMicros(1 + random.nextInt(100));
            Mutation m = random.nextInt(6) == 0 ? Mutation.delete(key)
                    : Mutation.put(key, (tag + "-" + i).getBytes(StandardCharsets.UTF_8));
            storage.applyVersions(List.of(m), ts, List.of());
            if (i == ROWS / 2) {
                storage.flush();
            }
        }
    }

    private static List<String> dump(RocksStorage storage, byte[] start, byte[] end, Timestamp readTs) {
        List<String> rows = new ArrayList<>();
        for (KeyValue kv : storage.scan(start, end, readTs, SCAN_ROWS_MAX)) {
            rows.add(HexFormat.of().formatHex(kv.key()) + "@" + kv.timestamp() + "=" + new String(kv.value(), StandardCharsets.UTF_8));
        }
        assertTrue(rows.size() < SCAN_ROWS_MAX);
        return rows;
    }

    private void exportInstallCompare(long fileBytesMax, boolean expectManyFiles) {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] start = new KeyEncoder().tableIndex(2, 0).toBytes();
        byte[] end = new KeyEncoder().tableIndex(3, 0).toBytes();
        long[] readMicros = {0, 1, 30, 69, 70};
        try (RocksStorage source = RocksStorage.open(temp.resolve("source"), StorageOptions.small());
                RocksStorage target = RocksStorage.open(temp.resolve("target"), StorageOptions.small())) {
            populate(source, random, "source");
            populate(target, random, "target");
            List<List<String>> expected = new ArrayList<>();
            for (long micros : readMicros) {
                expected.add(dump(source, start, end, Timestamp.ofMicros(micros)));
            }

            RangeSnapshot snapshot = source.exportSnapshot(start, end, Timestamp.ofMicros(70), temp.resolve("snap"), fileBytesMax);
            source.applyVersions(List.of(Mutation.put(rowKey(2, 1), "late".getBytes(StandardCharsets.UTF_8))), Timestamp.ofMicros(60), List.of());
            assertTrue(snapshot.versionCount() > 100);
            assertTrue(expectManyFiles ? snapshot.files().size() > 1 : snapshot.files().size() == 1, "files " + snapshot.files());

            byte[] appliedKey = "tablet/9/applied".getBytes(StandardCharsets.UTF_8);
            target.installSnapshot(snapshot, List.of(Mutation.put(appliedKey, new byte[] {42})));
            assertArrayEquals(new byte[] {42}, target.getMetadata(appliedKey).orElseThrow());
            assertEquals(List.of(), target.interruptedSnapshotInstalls());
            for (int i = 0; i < readMicros.length; i++) {
                assertEquals(expected.get(i), dump(target, start, end, Timestamp.ofMicros(readMicros[i])), "at " + readMicros[i]);
            }
            assertTrue(target.get(rowKey(2, 1), Timestamp.MAX).map(kv -> !new String(kv.value(), StandardCharsets.UTF_8).equals("late"))
                    .orElse(true), "a write after the export leaked into the snapshot");
        }
    }

    @Test
    void exportInstallGivesIdenticalScansInOneFile() {
        exportInstallCompare(RangeSnapshots.FILE_BYTES_MAX_DEFAULT, false);
    }

    @Test
    void exportInstallGivesIdenticalScansAcrossManyFiles() {
        exportInstallCompare(4 * 1024, true);
    }

    @Test
    void installReplacesTheRangeExactlyAndLeavesNeighboursAlone() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        byte[] start = new KeyEncoder().tableIndex(2, 0).toBytes();
        byte[] end = new KeyEncoder().tableIndex(3, 0).toBytes();
        Timestamp snapshotTs = Timestamp.ofMicros(70);
        try (RocksStorage source = RocksStorage.open(temp.resolve("source"), StorageOptions.small());
                RocksStorage target = RocksStorage.open(temp.resolve("target"), StorageOptions.small())) {
            populate(source, random, "source");
            populate(target, random, "target");
            List<String> before1 = dump(target, new byte[0], start, Timestamp.MAX);
            List<String> before3 = dump(target, end, new byte[] {(byte) 0xFF}, Timestamp.MAX);
            List<List<String>> expected = new ArrayList<>();
            for (long micros = 0; micros <= 100; micros += 7) {
                expected.add(dump(source, start, end, Timestamp.ofMicros(Math.min(micros, 70))));
            }
            target.installSnapshot(source.exportSnapshot(start, end, snapshotTs, temp.resolve("snap")), List.of());
            target.flush();
            target.compactMvcc();
            int i = 0;
            for (long micros = 0; micros <= 100; micros += 7) {
                // Above the snapshot timestamp the installed range shows the state at the snapshot.
                assertEquals(expected.get(i++), dump(target, start, end, Timestamp.ofMicros(micros)), "at " + micros);
            }
            assertEquals(before1, dump(target, new byte[0], start, Timestamp.MAX));
            assertEquals(before3, dump(target, end, new byte[] {(byte) 0xFF}, Timestamp.MAX));
        }
    }

    @Test
    void anEmptyRangeInstallsAsAnEmptyRange() {
        byte[] start = new KeyEncoder().tableIndex(5, 0).toBytes();
        byte[] end = new KeyEncoder().tableIndex(6, 0).toBytes();
        try (RocksStorage source = RocksStorage.open(temp.resolve("source"), StorageOptions.small());
                RocksStorage target = RocksStorage.open(temp.resolve("target"), StorageOptions.small())) {
            target.applyVersions(List.of(Mutation.put(rowKey(5, 1), new byte[] {1})), Timestamp.ofMicros(3), List.of());
            RangeSnapshot snapshot = source.exportSnapshot(start, end, Timestamp.MAX, temp.resolve("snap"));
            assertEquals(0, snapshot.files().size());
            target.installSnapshot(snapshot, List.of());
            assertEquals(List.of(), dump(target, start, end, Timestamp.MAX));
        }
    }

    @Test
    void aCorruptSnapshotFileIsRefusedBeforeTheRangeIsTouched() throws Exception {
        byte[] start = new KeyEncoder().tableIndex(1, 0).toBytes();
        byte[] end = new KeyEncoder().tableIndex(4, 0).toBytes();
        try (RocksStorage source = RocksStorage.open(temp.resolve("source"), StorageOptions.small());
                RocksStorage target = RocksStorage.open(temp.resolve("target"), StorageOptions.small())) {
            populate(source, new SplittableRandom(SEED), "source");
            populate(target, new SplittableRandom(SEED + 2), "target");
            List<String> before = dump(target, start, end, Timestamp.MAX);
            RangeSnapshot snapshot = source.exportSnapshot(start, end, Timestamp.MAX, temp.resolve("snap"));
            Path file = snapshot.files().get(0);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(raf.length() / 3);
                byte b = raf.readByte();
                raf.seek(raf.length() / 3);
                raf.writeByte(~b);
            }
            assertThrows(StorageException.class, () -> target.installSnapshot(snapshot, List.of()));
            assertEquals(before, dump(target, start, end, Timestamp.MAX));
            assertTrue(Files.exists(file));
        }
    }

    @Test
    void anInterruptedInstallIsReportedAfterRestart() {
        byte[] start = new KeyEncoder().tableIndex(1, 0).toBytes();
        byte[] end = new KeyEncoder().tableIndex(2, 0).toBytes();
        Path directory = temp.resolve("target");
        try (RocksStorage target = RocksStorage.open(directory, StorageOptions.small())) {
            // What install writes first; a crash right after leaves only this behind.
            target.applyVersions(List.of(), Timestamp.MIN, List.of(Mutation.put(RangeSnapshots.markerKey(start), end)));
        }
        try (RocksStorage target = RocksStorage.open(directory, StorageOptions.small())) {
            List<KeyRange> interrupted = target.interruptedSnapshotInstalls();
            assertEquals(1, interrupted.size());
            assertArrayEquals(start, interrupted.get(0).startKey());
            assertArrayEquals(end, interrupted.get(0).endKey());
        }
    }
}
