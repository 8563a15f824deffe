package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.truetime.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reverse MVCC scans, case by case (MvccModelIT checks them against a model at random): the
 * visible version per key at the read timestamp, tombstones skipped, exclusive end and inclusive
 * start, empty ranges, keys with many versions (where the walk switches from stepping to seeking),
 * keys holding 0x00 bytes, and keys longer and shorter than the prefix the Bloom filters use, from
 * the memtable and from flushed SST files alike.
 */
class MvccReverseScanIT {
    @TempDir
    Path temp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Timestamp at(long micros) {
        return Timestamp.ofMicros(micros);
    }

    private static List<String> reverse(RocksStorage storage, String start, String end, long micros, int limit) {
        List<String> out = new ArrayList<>();
        for (KeyValue kv : storage.scanReverse(bytes(start), bytes(end), at(micros), limit)) {
            out.add(new String(kv.key(), StandardCharsets.UTF_8) + "=" + new String(kv.value(), StandardCharsets.UTF_8)
                    + "@" + kv.timestamp().physicalMicros());
        }
        return out;
    }

    private static void put(RocksStorage storage, long micros, String... keyValues) {
        List<Mutation> mutations = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            mutations.add(keyValues[i + 1] == null ? Mutation.delete(bytes(keyValues[i]))
                    : Mutation.put(bytes(keyValues[i]), bytes(keyValues[i + 1])));
        }
        storage.applyVersions(mutations, at(micros), List.of());
    }

    @Test
    void versionsTombstonesAndBoundsFromMemtableAndFiles() {
        try (RocksStorage storage = RocksStorage.open(temp.resolve("db"), StorageOptions.small())) {
            put(storage, 10, "a", "a1", "b", "b1", "c", "c1", "d", "d1");
            put(storage, 20, "b", null, "c", "c2");
            put(storage, 30, "b", "b3", "d", null);
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(List.of("c=c2@20", "b=b3@30", "a=a1@10"), reverse(storage, "a", "z", 100, 10));
                assertEquals(List.of("d=d1@10", "c=c1@10", "b=b1@10", "a=a1@10"), reverse(storage, "a", "z", 15, 10));
                assertEquals(List.of("d=d1@10", "c=c2@20", "a=a1@10"), reverse(storage, "a", "z", 25, 10),
                        "b deleted at 20, d not yet");
                assertEquals(List.of("d=d1@10"), reverse(storage, "a", "z", 25, 1));
                assertEquals(List.of("c=c2@20", "b=b3@30"), reverse(storage, "b", "d", 100, 10), "start inclusive, end exclusive");
                assertEquals(List.of(), reverse(storage, "c", "c", 100, 10), "an empty range");
                assertEquals(List.of(), reverse(storage, "d", "a", 100, 10), "start after end");
                assertEquals(List.of(), reverse(storage, "a", "z", 5, 10), "before every write");
                assertEquals(List.of(), reverse(storage, "a", "z", 100, 0));
                storage.flush(); // the second pass reads the same versions from SST files
            }
        }
    }

    @Test
    void manyVersionsAndAwkwardKeys() {
        try (RocksStorage storage = RocksStorage.open(temp.resolve("db"), StorageOptions.small())) {
            // More versions than the walk steps through before it seeks, newest first in key order.
            for (int micros = 10; micros <= 200; micros += 10) {
                put(storage, micros, "table-0001/row-0009", "v" + micros, "table-0001/row-0010", micros % 40 == 0 ? null : "w" + micros);
            }
            put(storage, 15, "a\0b", "zero inside", "a", "short", "a\0", "zero last", "ab", "longer");
            storage.flush();
            put(storage, 205, "table-0001/row-0009", "newest");
            for (long micros : new long[] {55, 60, 200, 205}) {
                String nine = micros == 205 ? "newest@205" : "v" + (micros / 10 * 10) + "@" + (micros / 10 * 10);
                List<String> expected = new ArrayList<>();
                long newestTen = Math.min(micros, 200) / 10 * 10; // row-0010's newest version at or below the read
                if (newestTen % 40 != 0) {
                    expected.add("table-0001/row-0010=w" + newestTen + "@" + newestTen);
                }
                expected.add("table-0001/row-0009=" + nine);
                assertEquals(expected, reverse(storage, "table-0001/", "table-0002", micros, 10), "at " + micros);
            }
            assertEquals(List.of("ab=longer@15", "a\0b=zero inside@15", "a\0=zero last@15", "a=short@15"),
                    reverse(storage, "a", "b", 100, 10), "keys with 0x00 bytes in byte order, shorter than the Bloom prefix");
        }
    }
}
