package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.Timestamp;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers on many threads share the pooled, refreshed iterators while a writer commits a counter
 * and flushes: a read that starts after a write was acknowledged sees it, and no reader sees the
 * counter go backwards.
 */
class MvccConcurrentReadsIT {
    private static final int READERS = 12;
    private static final int WRITES = 3_000;
    private static final byte[] KEY = "table/1/counter/0000".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    @Test
    void readersSeeEveryAcknowledgedWriteAndNeverGoBack() throws Exception {
        try (RocksStorage storage = RocksStorage.open(temp.resolve("db"), StorageOptions.small())) {
            AtomicLong acknowledged = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(READERS);
            try {
                List<Future<Long>> readers = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    readers.add(pool.submit(() -> {
                        long last = 0;
                        long reads = 0;
                        while (acknowledged.get() < WRITES) {
                            long floor = acknowledged.get();
                            long seen = storage.get(KEY, Timestamp.MAX).map(kv -> ByteBuffer.wrap(kv.value()).getLong()).orElse(0L);
                            assertTrue(seen >= floor, "read " + seen + " after write " + floor + " was acknowledged");
                            assertTrue(seen >= last, "counter went back from " + last + " to " + seen);
                            last = seen;
                            reads++;
                        }
                        return reads;
                    }));
                }
                for (long i = 1; i <= WRITES; i++) {
                    storage.applyVersions(List.of(Mutation.put(KEY, ByteBuffer.allocate(8).putLong(i).array())),
                            Timestamp.ofMicros(i), List.of());
                    acknowledged.set(i);
                    if (i % 1_000 == 0) {
                        storage.flush();
                    }
                }
                for (Future<Long> reader : readers) {
                    assertTrue(reader.get() > 0);
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(WRITES, ByteBuffer.wrap(storage.get(KEY, Timestamp.MAX).orElseThrow().value()).getLong());
        }
    }
}
