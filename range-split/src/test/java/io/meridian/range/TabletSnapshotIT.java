package io.meridian.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.SnapshotChunk;
import io.meridian.storage.KeyValue;
import io.meridian.storage.Mutation;
import io.meridian.storage.RocksStorage;
import io.meridian.storage.StorageOptions;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.truetime.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tablet replica's snapshot, taken on one RocksDB and installed on another through small chunks,
 * reproduces the source's rows (every version), applied index and commit high-water mark exactly
 * as of the snapshot's slot; and an install a crash cut short is finished on restart.
 */
class TabletSnapshotIT {
    private static final int ENTRIES = 400;
    private static final int CHUNK_BYTES = 1_000;

    @TempDir
    Path temp;

    private static byte[] key(long id) {
        return new KeyEncoder().tableIndex(7, 1).writeLong(id).toBytes();
    }

    /** Entry i writes or deletes a few random rows at commit timestamp 10 * i; every 50th is a no-op. */
    private static LogEntry entry(long index, SplittableRandom random) {
        if (index % 50 == 0) {
            return new LogEntry(index, new Ballot(1, 1), new byte[0]);
        }
        List<Mutation> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] k = key(random.nextInt(200));
            writes.add(random.nextInt(8) == 0 ? Mutation.delete(k)
                    : Mutation.put(k, ("v" + index + "-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        TabletCommand command = new TabletCommand(index, Timestamp.ofMicros(10 * index), writes);
        return new LogEntry(index, new Ballot(1, 1), command.encode());
    }

    /** The rows a read sees at every 7th entry's timestamp and at the last: the versions, sampled. */
    private static List<String> allVersions(RocksStorage storage, long lastIndex) {
        List<String> out = new ArrayList<>();
        for (long i = 1; i <= lastIndex; i = i + 7 > lastIndex && i != lastIndex ? lastIndex : i + 7) {
            for (KeyValue kv : storage.scan(key(0), key(1_000), Timestamp.ofMicros(10 * i), 10_000)) {
                out.add(i + ":" + java.util.HexFormat.of().formatHex(kv.key()) + "@" + kv.timestamp() + "="
                        + new String(kv.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void transfer(TabletStateMachine source, TabletStateMachine target, long index) {
        long offset = 0;
        int chunks = 0;
        while (true) {
            SnapshotChunk chunk = source.readSnapshot(index, offset, CHUNK_BYTES);
            target.stageSnapshotChunk(index, offset, chunk.data());
            offset += chunk.data().length;
            chunks++;
            if (chunk.last()) {
                break;
            }
        }
        assertTrue(chunks > 3, "the snapshot should span several chunks, got " + chunks);
    }

    @Test
    void snapshotRoundTripsThroughChunksAndReplacesTheTargetRange() {
        SplittableRandom random = new SplittableRandom(5);
        try (RocksStorage a = RocksStorage.open(temp.resolve("a"), StorageOptions.small());
                RocksStorage b = RocksStorage.open(temp.resolve("b"), StorageOptions.small());
                TabletStateMachine source = new TabletStateMachine(a, 1, KeyRange.EVERYTHING, temp.resolve("a-snap"));
                TabletStateMachine target = new TabletStateMachine(b, 1, KeyRange.EVERYTHING, temp.resolve("b-snap"))) {
            for (long i = 1; i <= ENTRIES; i++) {
                source.apply(entry(i, random));
            }
            // The target holds stale rows of its own that the install must remove.
            for (long i = 1; i <= 30; i++) {
                target.apply(entry(i, new SplittableRandom(99 + i)));
            }
            long index = source.snapshot();
            assertEquals(ENTRIES, index);
            List<String> expected = allVersions(a, ENTRIES);
            Timestamp expectedHigh = source.lastCommitTimestamp();
            // Applies after the snapshot must not leak into it: the export reads the pinned view.
            for (long i = ENTRIES + 1; i <= ENTRIES + 50; i++) {
                source.apply(entry(i, random));
            }
            transfer(source, target, index);
            target.installSnapshot(index);
            assertEquals(index, target.appliedIndex());
            assertEquals(index, target.snapshotIndex());
            assertEquals(expectedHigh, target.lastCommitTimestamp());
            assertEquals(expected, allVersions(b, ENTRIES));
            assertFalse(expected.isEmpty());
            // A snapshot no longer the newest is refused, so a sender restarts with the newest.
            source.snapshot();
            assertNull(source.readSnapshot(index, 0, CHUNK_BYTES));
        }
    }

    @Test
    void installInterruptedByACrashIsFinishedOnRestart() {
        SplittableRandom random = new SplittableRandom(6);
        Path bDir = temp.resolve("b");
        long index;
        List<String> expected;
        try (RocksStorage a = RocksStorage.open(temp.resolve("a"), StorageOptions.small());
                RocksStorage b = RocksStorage.open(bDir, StorageOptions.small());
                TabletStateMachine source = new TabletStateMachine(a, 1, KeyRange.EVERYTHING, temp.resolve("a-snap"));
                TabletStateMachine target = new TabletStateMachine(b, 1, KeyRange.EVERYTHING, temp.resolve("b-snap"))) {
            for (long i = 1; i <= ENTRIES; i++) {
                source.apply(entry(i, random));
            }
            for (long i = 1; i <= 30; i++) {
                target.apply(entry(i, new SplittableRandom(99 + i)));
            }
            index = source.snapshot();
            expected = allVersions(a, ENTRIES);
            transfer(source, target, index);
            // What a crash between the install's steps leaves: the synced install marker, part of
            // the old range deleted, no new applied index.
            byte[] marker = "snapshot-install/".getBytes(StandardCharsets.UTF_8);
            b.applyVersions(List.of(Mutation.delete(key(3)), Mutation.delete(key(4))), Timestamp.ofMicros(5),
                    List.of(Mutation.put(marker, TabletStateMachine.KEY_SPACE_END)));
            assertEquals(1, b.interruptedSnapshotInstalls().size());
        }
        try (RocksStorage b = RocksStorage.open(bDir, StorageOptions.small());
                TabletStateMachine restarted = new TabletStateMachine(b, 1, KeyRange.EVERYTHING, temp.resolve("b-snap"))) {
            assertTrue(b.interruptedSnapshotInstalls().isEmpty());
            assertEquals(index, restarted.appliedIndex());
            assertEquals(expected, allVersions(b, ENTRIES));
        }
    }

    @Test
    void theExportRunsOnItsOwnExecutorAndAReplacedSnapshotsViewOutlivesItsExport() {
        SplittableRandom random = new SplittableRandom(7);
        java.util.ArrayDeque<Runnable> exports = new java.util.ArrayDeque<>();
        try (RocksStorage a = RocksStorage.open(temp.resolve("a"), StorageOptions.small());
                RocksStorage b = RocksStorage.open(temp.resolve("b"), StorageOptions.small());
                TabletStateMachine source = new TabletStateMachine(a, 1, KeyRange.EVERYTHING, temp.resolve("a-snap"),
                        exports::add);
                TabletStateMachine target = new TabletStateMachine(b, 1, KeyRange.EVERYTHING, temp.resolve("b-snap"))) {
            for (long i = 1; i <= ENTRIES; i++) {
                source.apply(entry(i, random));
            }
            long first = source.snapshot();
            assertTrue(source.readSnapshot(first, 0, CHUNK_BYTES).preparing(), "the loop does not wait for the export");
            assertTrue(source.readSnapshot(first, 0, CHUNK_BYTES).preparing());
            assertEquals(1, exports.size(), "one export per snapshot, however often it is asked for");
            // A newer snapshot while the first one's export has not run: that export still reads
            // its own (pinned, not yet closed) view, then lets it go.
            for (long i = ENTRIES + 1; i <= ENTRIES + 20; i++) {
                source.apply(entry(i, random));
            }
            long second = source.snapshot();
            List<String> expected = allVersions(a, second);
            exports.poll().run();
            assertNull(source.readSnapshot(first, 0, CHUNK_BYTES), "the first snapshot is no longer the newest");
            assertTrue(source.readSnapshot(second, 0, CHUNK_BYTES).preparing());
            exports.poll().run();
            transfer(source, target, second);
            target.installSnapshot(second);
            assertEquals(second, target.appliedIndex());
            assertEquals(expected, allVersions(b, second));
        }
    }
}
