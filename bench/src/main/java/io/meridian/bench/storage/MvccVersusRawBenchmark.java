package io.meridian.bench.storage;

import io.meridian.storage.KeyValue;
import io.meridian.storage.Mutation;
import io.meridian.storage.RocksStorage;
import io.meridian.storage.RocksTuning;
import io.meridian.storage.StorageOptions;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.truetime.Timestamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The price of MVCC: point get, put and a 100-row scan through {@link RocksStorage} against the
 * same operation on a raw RocksDB opened with the same {@link RocksTuning} (same cache, filters,
 * compression, write buffers), both holding the same rows, one version each, settled into SST
 * files and warm in the block cache. The ratio mvcc/raw of each pair is the overhead; pairs are
 * named so JMH runs their two halves back to back.
 *
 * <p>Raw get is one exact-key lookup; MVCC get cannot know the version's timestamp, so it seeks
 * an iterator to key ‖ ~readTs. Raw scan iterates with one shared ReadOptions and stops by
 * comparing keys; MVCC scan also decodes version keys and skips other versions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MvccVersusRawBenchmark {
    static final int SCAN_ROWS = 100;
    static final int VALUE_BYTES = 100;

    @Param("200000")
    int rows;

    private Path mvccDirectory;
    private Path rawDirectory;
    private RocksStorage storage;
    private RocksTuning rawTuning;
    private RocksDB raw;
    private List<ColumnFamilyHandle> rawHandles;
    private ColumnFamilyHandle rawFamily;
    private WriteOptions rawWrite;
    private ReadOptions rawScanOptions;
    private byte[][] keys;
    private byte[] value;
    private final AtomicLong nextMicros = new AtomicLong();
    private Timestamp readTs;

    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(42);
    }

    @Setup(Level.Trial)
    public void setUp() throws RocksDBException {
        keys = new byte[rows][];
        for (int i = 0; i < rows; i++) {
            keys[i] = new KeyEncoder().tableIndex(7, 1).writeLong(i * 10L).toBytes();
        }
        value = new byte[VALUE_BYTES];
        new SplittableRandom(1).nextBytes(value);
        mvccDirectory = BenchDirectories.create("mvcc");
        rawDirectory = BenchDirectories.create("raw");
        storage = RocksStorage.open(mvccDirectory, StorageOptions.defaults());
        rawTuning = new RocksTuning(StorageOptions.defaults());
        rawTuning.dbOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        rawHandles = new ArrayList<>();
        raw = RocksDB.open(rawTuning.dbOptions(), rawDirectory.toString(), rawTuning.descriptors(), rawHandles);
        rawFamily = rawHandles.get(RocksTuning.FAMILIES.indexOf("mvcc"));
        rawWrite = new WriteOptions();
        rawScanOptions = new ReadOptions().setTotalOrderSeek(true);
        Timestamp loadTs = Timestamp.ofMicros(1_000);
        for (byte[] key : keys) {
            storage.applyVersions(List.of(Mutation.put(key, value)), loadTs, List.of());
            raw.put(rawFamily, rawWrite, key, value);
        }
        nextMicros.set(2_000);
        readTs = Timestamp.ofMicros(1_500);
        storage.flush();
        storage.compactMvcc();
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            raw.flush(flush, rawFamily);
        }
        raw.compactRange(rawFamily);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        storage.close();
        rawScanOptions.close();
        rawWrite.close();
        rawHandles.forEach(ColumnFamilyHandle::close);
        raw.close();
        rawTuning.close();
        BenchDirectories.delete(mvccDirectory);
        BenchDirectories.delete(rawDirectory);
    }

    private byte[] randomKey(Cursor cursor) {
        return keys[cursor.random.nextInt(rows)];
    }

    @Benchmark
    public Optional<KeyValue> getMvcc(Cursor cursor) {
        return storage.get(randomKey(cursor), readTs);
    }

    @Benchmark
    public byte[] getRaw(Cursor cursor) throws RocksDBException {
        return raw.get(rawFamily, randomKey(cursor));
    }

    @Benchmark
    public void putMvcc(Cursor cursor) {
        storage.applyVersions(List.of(Mutation.put(randomKey(cursor), value)), Timestamp.ofMicros(nextMicros.incrementAndGet()), List.of());
    }

    @Benchmark
    public void putRaw(Cursor cursor) throws RocksDBException {
        raw.put(rawFamily, rawWrite, randomKey(cursor), value);
    }

    @Benchmark
    public List<KeyValue> scan100Mvcc(Cursor cursor) {
        int first = cursor.random.nextInt(rows - SCAN_ROWS);
        return storage.scan(keys[first], keys[first + SCAN_ROWS], readTs, SCAN_ROWS);
    }

    @Benchmark
    public void scan100Raw(Cursor cursor, Blackhole blackhole) {
        int first = cursor.random.nextInt(rows - SCAN_ROWS);
        byte[] end = keys[first + SCAN_ROWS];
        try (RocksIterator it = raw.newIterator(rawFamily, rawScanOptions)) {
            int n = 0;
            for (it.seek(keys[first]); it.isValid() && n < SCAN_ROWS; it.next(), n++) {
                byte[] key = it.key();
                if (java.util.Arrays.compareUnsigned(key, end) >= 0) {
                    break;
                }
                blackhole.consume(key);
                blackhole.consume(it.value());
            }
        }
    }
}
