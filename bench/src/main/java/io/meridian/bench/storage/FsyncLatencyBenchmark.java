package io.meridian.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.meridian.storage.RocksTuning;
import io.meridian.storage.StorageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The machine's floor for durable writes: append 4 KiB to a file and fdatasync it
 * (FileChannel.force(false)), as a WAL sync does; and one synced 256-byte RocksDB put with
 * Meridian's options, which is that plus RocksDB's WAL bookkeeping. Sampled, so the output carries
 * percentiles. Nothing synced can be acknowledged faster; a single writer's log append rate is
 * about the inverse of the synced put.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FsyncLatencyBenchmark {
    static final int WRITE_BYTES = 4096;
    static final long FILE_BYTES_MAX = 64L * 1024 * 1024;

    private Path directory;
    private FileChannel channel;
    private final ByteBuffer block = ByteBuffer.allocateDirect(WRITE_BYTES);
    private long position;
    private RocksTuning tuning;
    private RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private WriteOptions syncWrite;
    private final byte[] entry = new byte[256];
    private long nextKey;

    @Setup(Level.Trial)
    public void setUp() throws IOException, RocksDBException {
        directory = BenchDirectories.create("fsync");
        channel = FileChannel.open(directory.resolve("wal"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        tuning = new RocksTuning(StorageOptions.defaults());
        tuning.dbOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        db = RocksDB.open(tuning.dbOptions(), directory.resolve("rocks").toString(), tuning.descriptors(), handles);
        syncWrite = new WriteOptions().setSync(true);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
        syncWrite.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        tuning.close();
        BenchDirectories.delete(directory);
    }

    @Benchmark
    public void rocksSyncedPut() throws RocksDBException {
        byte[] key = ByteBuffer.allocate(8).putLong(nextKey++).array();
        db.put(handles.get(RocksTuning.FAMILIES.indexOf("paxos_log")), syncWrite, key, entry);
    }

    @Benchmark
    public void write4KibAndFdatasync() throws IOException {
        block.clear();
        channel.write(block, position);
        position = (position + WRITE_BYTES) % FILE_BYTES_MAX;
        channel.force(false);
    }
}
