package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvccGcIT {
    @TempDir
    Path temp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Timestamp at(long micros) {
        return Timestamp.ofMicros(micros);
    }

    private static String valueAt(RocksStorage storage, String key, long micros) {
        return storage.get(bytes(key), at(micros)).map(kv -> new String(kv.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void keepsTheVersionVisibleAtPruneBeforeAndRemovesOlderOnes() {
        try (RocksStorage storage = RocksStorage.open(temp.resolve("db"), StorageOptions.small())) {
            for (int micros = 10; micros <= 100; micros += 10) {
                storage.applyVersions(List.of(Mutation.put(bytes("k"), bytes("v" + micros))), at(micros), List.of());
            }
            storage.flush();
            GcStats stats = storage.gc(at(55));
            // Visible at 55 is v50: kept with v60..v100; v10..v40 go.
            assertEquals(4, stats.versionsRemoved());
            assertEquals("v50", valueAt(storage, "k", 55));
            assertEquals("v50", valueAt(storage, "k", 59));
            assertEquals("v100", valueAt(storage, "k", 1000));
            assertEquals(null, valueAt(storage, "k", 45), "below pruneBefore history is gone");
            assertEquals(0, storage.gc(at(55)).versionsRemoved(), "a second pass finds nothing");
        }
    }

    @Test
    void aTombstoneAtTheHorizonGoesWithEverythingItHides() {
        try (RocksStorage storage = RocksStorage.open(temp.resolve("db"), StorageOptions.small())) {
            storage.applyVersions(List.of(Mutation.put(bytes("gone"), bytes("a")), Mutation.put(bytes("kept"), bytes("x"))), at(10), List.of());
            storage.applyVersions(List.of(Mutation.delete(bytes("gone"))), at(20), List.of());
            storage.applyVersions(List.of(Mutation.put(bytes("gone"), bytes("b"))), at(40), List.of());
            GcStats stats = storage.gc(at(30));
            assertEquals(2, stats.versionsRemoved());
            assertEquals(null, valueAt(storage, "gone", 30));
            assertEquals("b", valueAt(storage, "gone", 40));
            assertEquals("x", valueAt(storage, "kept", 30));
        }
    }

    @Test
    void manyVersionsAreRemovedInBoundedBatches() {
        try (RocksStorage storage = RocksStorage.open(temp.resolve("db"), StorageOptions.small())) {
            int versions = MvccGarbageCollector.BATCH_DELETES_MAX * 2 + 17;
            for (int i = 1; i <= versions; i++) {
                storage.applyVersions(List.of(Mutation.put(bytes("hot"), bytes("v" + i))), at(i), List.of());
            }
            GcStats stats = storage.gc(at(versions));
            assertEquals(versions - 1, stats.versionsRemoved());
            assertEquals("v" + versions, valueAt(storage, "hot", versions));
        }
    }

    @Test
    void policyNeverPrunesPastTheOldestActiveRead() {
        GcPolicy policy = GcPolicy.defaults();
        Timestamp now = at(Duration.ofHours(3).toNanos() / 1000);
        Timestamp byRetention = at(Duration.ofHours(2).toNanos() / 1000);
        assertEquals(byRetention, policy.pruneBefore(now, Optional.empty()));
        Timestamp oldRead = at(Duration.ofMinutes(30).toNanos() / 1000);
        assertEquals(oldRead, policy.pruneBefore(now, Optional.of(oldRead)));
        assertEquals(byRetention, policy.pruneBefore(now, Optional.of(now)));
        assertEquals(Timestamp.MIN, policy.pruneBefore(at(5), Optional.empty()));
        assertTrue(GcPolicy.RETENTION_DEFAULT.equals(Duration.ofHours(1)));
    }
}
