package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaxosLogStoreIT {
    @TempDir
    Path temp;

    private static byte[] entry(long group, long index) {
        return ("g" + group + "-i" + index).getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> indexes(List<Map.Entry<Long, byte[]>> entries) {
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void persistReadRangesTruncateAndReopen() {
        Path directory = temp.resolve("db");
        try (RocksStorage storage = RocksStorage.open(directory, StorageOptions.small())) {
            PaxosLogStore log = storage.paxosLog(7);
            PaxosLogStore neighbour = storage.paxosLog(8);
            assertEquals(Optional.empty(), log.lastIndex());
            Map<Long, byte[]> entries = new TreeMap<>();
            for (long i = 1; i <= 20; i++) {
                entries.put(i, entry(7, i));
            }
            log.persist(entries, "ballot-3".getBytes(StandardCharsets.UTF_8));
            neighbour.persist(Map.of(1L, entry(8, 1)), null);
            assertEquals(List.of(5L, 6L, 7L), indexes(log.read(5, 8)));
            assertEquals(20, log.read(1).size());
            assertEquals(List.of(), indexes(log.read(21, 30)));
            assertEquals(Optional.of(20L), log.lastIndex());
            log.truncatePrefix(11);
            assertEquals(11, log.firstIndex());
            assertEquals(List.of(11L, 12L), indexes(log.read(1, 13)));
            log.truncatePrefix(5);
            assertEquals(11, log.firstIndex(), "truncation never moves back");
            assertEquals(List.of(1L), indexes(neighbour.read(0)), "truncation stays within its group");
        }
        try (RocksStorage storage = RocksStorage.open(directory, StorageOptions.small())) {
            PaxosLogStore log = storage.paxosLog(7);
            assertArrayEquals("ballot-3".getBytes(StandardCharsets.UTF_8), log.hardState().orElseThrow());
            assertEquals(10, log.read(0).size());
            assertArrayEquals(entry(7, 15), log.read(15, 16).get(0).getValue());
            assertEquals(11, log.firstIndex());
        }
    }

    @Test
    void concurrentGroupsShareSyncsAndLoseNothing() throws Exception {
        int groups = 16;
        int appendsPerGroup = 100;
        try (RocksStorage storage = RocksStorage.open(temp.resolve("db"), StorageOptions.small())) {
            ExecutorService pool = Executors.newFixedThreadPool(groups);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int g = 1; g <= groups; g++) {
                    PaxosLogStore log = storage.paxosLog(g);
                    long group = g;
                    done.add(pool.submit(() -> {
                        for (long i = 1; i <= appendsPerGroup; i++) {
                            log.persist(Map.of(i, entry(group, i)), entry(group, i));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            for (int g = 1; g <= groups; g++) {
                List<Map.Entry<Long, byte[]>> entries = storage.paxosLog(g).read(0);
                assertEquals(appendsPerGroup, entries.size());
                for (Map.Entry<Long, byte[]> e : entries) {
                    assertArrayEquals(entry(g, e.getKey()), e.getValue());
                }
                assertArrayEquals(entry(g, appendsPerGroup), storage.paxosLog(g).hardState().orElseThrow());
            }
            LogCommitStats stats = storage.logCommitStats();
            assertEquals(groups * appendsPerGroup, stats.requests());
            assertTrue(stats.requestsPerSync() > 1.5, "group commit shared no sync: " + stats);
        }
    }
}
