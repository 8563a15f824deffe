package io.meridian.bench.storage;

import io.meridian.storage.LogCommitStats;
import io.meridian.storage.PaxosLogStore;
import io.meridian.storage.RocksStorage;
import io.meridian.storage.StorageOptions;
import java.nio.file.Path;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synced Paxos log appends (one 256-byte entry per persist, each writer its own group): total
 * appends/s with 1 writer against 64 concurrent writers. Every append is durable when persist
 * returns; with 64 writers group commit shares each sync among the appends queued behind it, so
 * the ratio 64/1 is the group commit factor. The teardown prints appends per sync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LogAppendBenchmark {
    static final int ENTRY_BYTES = 256;

    private Path directory;
    private RocksStorage storage;
    private final AtomicLong nextGroup = new AtomicLong();
    private byte[] entry;

    @State(Scope.Thread)
    public static class Writer {
        PaxosLogStore log;
        long nextIndex = 1;

        @Setup(Level.Trial)
        public void setUp(LogAppendBenchmark benchmark) {
            log = benchmark.storage.paxosLog(benchmark.nextGroup.incrementAndGet());
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        directory = BenchDirectories.create("log");
        storage = RocksStorage.open(directory, StorageOptions.defaults());
        entry = new byte[ENTRY_BYTES];
        new SplittableRandom(3).nextBytes(entry);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LogCommitStats stats = storage.logCommitStats();
        System.out.printf("%nlog appends: %d in %d synced writes, %.1f appends per sync%n",
                stats.requests(), stats.syncedWrites(), stats.requestsPerSync());
        storage.close();
        BenchDirectories.delete(directory);
    }

    @Benchmark
    @Threads(1)
    public void append1Writer(Writer writer) {
        writer.log.persist(Map.of(writer.nextIndex++, entry), null);
    }

    @Benchmark
    @Threads(64)
    public void append64Writers(Writer writer) {
        writer.log.persist(Map.of(writer.nextIndex++, entry), null);
    }
}
