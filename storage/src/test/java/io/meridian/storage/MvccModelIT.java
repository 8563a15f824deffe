package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.Timestamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random writes, tombstones, flushes, compactions, GC passes and reopens against RocksStorage and a
 * plain in-memory model; every get, scan and reverse scan must agree with the model. Keys come from
 * a small alphabet rich in 0x00 and 0xFF so escaping and prefixes are exercised, and timestamps from
 * a small range so keys pile up enough versions to take the seek paths.
 */
class MvccModelIT {
    private static final long SEED = Long.getLong("mvcc.seed", 7L);
    private static final int RUNS = 4;
    private static final int OPERATIONS_PER_RUN = 4_000;
    private static final int KEYS = 24;
    private static final int PHYSICAL_MICROS_MAX = 80;

    @TempDir
    Path temp;

    /** key → (timestamp → value, null for a tombstone). */
    private final NavigableMap<byte[], NavigableMap<Timestamp, Optional<byte[]>>> model = new TreeMap<>(Arrays::compareUnsigned);
    private Timestamp pruneBefore = Timestamp.MIN;

    @Test
    void readsAgreeWithModel() {
        for (int run = 0; run < RUNS; run++) {
            long seed = SEED + run;
            model.clear();
            pruneBefore = Timestamp.MIN;
            try {
                runOnce(new SplittableRandom(seed), temp.resolve("run-" + run));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed=" + seed + " (replay with -Dmvcc.seed=" + seed + " and RUNS=1)", e);
            }
        }
    }

    private void runOnce(SplittableRandom random, Path directory) {
        List<byte[]> keys = randomKeys(random);
        RocksStorage storage = RocksStorage.open(directory, StorageOptions.small());
        long checks = 0;
        try {
            for (int op = 0; op < OPERATIONS_PER_RUN; op++) {
                int dice = random.nextInt(100);
                if (dice < 40) {
                    write(storage, random, keys);
                } else if (dice < 58) {
                    checkGet(storage, random, keys);
                    checks++;
                } else if (dice < 76) {
                    checkScan(storage, random, keys, false);
                    checks++;
                } else if (dice < 94) {
                    checkScan(storage, random, keys, true);
                    checks++;
                } else if (dice < 95) {
                    storage.flush();
                } else if (dice < 97) {
                    gc(storage, random);
                } else if (dice < 98) {
                    storage.compactMvcc();
                } else if (dice < 99) {
                    write(storage, random, keys);
                } else {
                    storage.close();
                    storage = RocksStorage.open(directory, StorageOptions.small());
                }
            }
        } finally {
            storage.close();
        }
        assertTrue(checks > OPERATIONS_PER_RUN / 3);
    }

    private void write(RocksStorage storage, SplittableRandom random, List<byte[]> keys) {
        Timestamp ts = randomTimestamp(random, pruneBefore.next());
        List<Mutation> mutations = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            byte[] key = keys.get(random.nextInt(keys.size()));
            Mutation m = random.nextInt(4) == 0 ? Mutation.delete(key) : Mutation.put(key, randomValue(random));
            mutations.add(m);
        }
        storage.applyVersions(mutations, ts, List.of());
        for (Mutation m : mutations) {
            model.computeIfAbsent(m.key(), k -> new TreeMap<>()).put(ts, Optional.ofNullable(m.value()));
        }
    }

    private void checkGet(RocksStorage storage, SplittableRandom random, List<byte[]> keys) {
        byte[] key = keys.get(random.nextInt(keys.size()));
        Timestamp readTs = randomReadTimestamp(random);
        Optional<KeyValue> actual = storage.get(key, readTs);
        Optional<KeyValue> expected = visible(key, readTs);
        assertEquals(describe(expected), describe(actual), "get " + hex(key) + " at " + readTs);
    }

    private void checkScan(RocksStorage storage, SplittableRandom random, List<byte[]> keys, boolean reverse) {
        byte[] start = random.nextInt(5) == 0 ? new byte[0] : keys.get(random.nextInt(keys.size()));
        byte[] end = random.nextInt(5) == 0 ? new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}
                : keys.get(random.nextInt(keys.size()));
        Timestamp readTs = randomReadTimestamp(random);
        int limit = random.nextInt(12);
        List<KeyValue> actual = reverse ? storage.scanReverse(start, end, readTs, limit) : storage.scan(start, end, readTs, limit);
        List<String> expected = new ArrayList<>();
        NavigableMap<byte[], NavigableMap<Timestamp, Optional<byte[]>>> range = Arrays.compareUnsigned(start, end) < 0
                ? model.subMap(start, true, end, false) : new TreeMap<>(Arrays::compareUnsigned);
        for (byte[] key : reverse ? range.descendingKeySet() : range.keySet()) {
            if (expected.size() == limit) {
                break;
            }
            visible(key, readTs).ifPresent(kv -> expected.add(describe(Optional.of(kv))));
        }
        List<String> described = actual.stream().map(kv -> describe(Optional.of(kv))).toList();
        assertEquals(expected, described, (reverse ? "reverse " : "") + "scan [" + hex(start) + ", " + hex(end) + ") at " + readTs
                + " limit " + limit);
    }

    private void gc(RocksStorage storage, SplittableRandom random) {
        Timestamp candidate = randomTimestamp(random, Timestamp.MIN);
        if (candidate.isAfter(pruneBefore)) {
            pruneBefore = candidate;
        }
        storage.gc(pruneBefore);
        // The model needs no pruning: reads below pruneBefore are no longer asked, and reads at or
        // above it must see exactly what they saw before.
    }

    private Optional<KeyValue> visible(byte[] key, Timestamp readTs) {
        NavigableMap<Timestamp, Optional<byte[]>> versions = model.get(key);
        if (versions == null) {
            return Optional.empty();
        }
        Map.Entry<Timestamp, Optional<byte[]>> newest = versions.floorEntry(readTs);
        if (newest == null || newest.getValue().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new KeyValue(key, newest.getKey(), newest.getValue().get()));
    }

    private Timestamp randomReadTimestamp(SplittableRandom random) {
        return random.nextInt(10) == 0 ? Timestamp.MAX : randomTimestamp(random, pruneBefore);
    }

    private static Timestamp randomTimestamp(SplittableRandom random, Timestamp atLeast) {
        Timestamp ts = new Timestamp(random.nextInt(1, PHYSICAL_MICROS_MAX + 2), random.nextInt(3));
        return ts.isBefore(atLeast) ? atLeast : ts;
    }

    private static List<byte[]> randomKeys(SplittableRandom random) {
        byte[] alphabet = {0x00, 0x01, 0x02, (byte) 0xFE, (byte) 0xFF, 'a'};
        TreeMap<byte[], Boolean> keys = new TreeMap<>(Arrays::compareUnsigned);
        keys.put(new byte[0], true);
        while (keys.size() < KEYS) {
            byte[] key = new byte[random.nextInt(1, 12)];
            for (int i = 0; i < key.length; i++) {
                key[i] = alphabet[random.nextInt(alphabet.length)];
            }
            keys.put(key, true);
        }
        return new ArrayList<>(keys.keySet());
    }

    private static byte[] randomValue(SplittableRandom random) {
        byte[] value = new byte[random.nextInt(0, 40)];
        random.nextBytes(value);
        return value;
    }

    private static String describe(Optional<KeyValue> kv) {
        return kv.map(v -> hex(v.key()) + "@" + v.timestamp() + "=" + hex(v.value())).orElse("none");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
