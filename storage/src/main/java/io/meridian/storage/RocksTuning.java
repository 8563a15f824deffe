package io.meridian.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Every RocksDB option Meridian sets, in one place, with the reason next to it (the README has the
 * longer story). Public so benchmarks can open a raw RocksDB with exactly these options; the rest
 * of Meridian goes through {@link RocksStorage}. Owns native objects: close it after the database.
 */
public final class RocksTuning implements AutoCloseable {
    /** Family names in the order handles are opened; the index is the handle's position. */
    public static final List<String> FAMILIES = List.of("default", "mvcc", "locks", "paxos_log", "paxos_state");
    /**
     * The mvcc prefix extractor keeps the first 8 bytes of a version key. For a key of table id,
     * index id and a small primary key that is the whole escaped user key, so a point read checks
     * the prefix Bloom filter; longer keys share filter entries with keys alike in their first 8
     * bytes, which only costs false positives. Reads of shorter keys seek in total order.
     */
    public static final int MVCC_PREFIX_BYTES = 8;
    static final int BLOOM_BITS_PER_KEY = 10;
    static final long BLOCK_BYTES = 16 * 1024;
    static final int MVCC_WRITE_BUFFERS_MAX = 3;
    static final int LOG_WRITE_BUFFERS_MAX = 2;
    static final long SMALL_FAMILY_WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
    static final int BACKGROUND_JOBS = 2;
    static final long SYNC_BYTES_PER_STEP = 1024 * 1024;
    static final int INFO_LOG_FILES_MAX = 4;
    static final long INFO_LOG_FILE_BYTES_MAX = 16 * 1024 * 1024;

    static {
        RocksDB.loadLibrary();
    }

    private final StorageOptions options;
    private final Cache blockCache;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> familyOptions = new ArrayList<>();

    public RocksTuning(StorageOptions options) {
        this.options = options;
        this.blockCache = own(new LRUCache(options.blockCacheBytes()));
        this.dbOptions = own(new DBOptions()
                // Two cores: one flush and one compaction at a time, never more threads than cores.
                .setMaxBackgroundJobs(BACKGROUND_JOBS)
                .setMaxSubcompactions(1)
                // Memtables of all families together, and the WAL they pin, stay bounded.
                .setDbWriteBufferSize(options.totalWriteBufferBytes())
                .setMaxTotalWalSize(options.walBytesMax())
                // Write SST and WAL files out in 1 MiB steps so a sync never has a burst to flush.
                .setBytesPerSync(SYNC_BYTES_PER_STEP)
                .setWalBytesPerSync(SYNC_BYTES_PER_STEP)
                // Refuse to open rather than open with damage, and check SST sizes on open.
                .setParanoidChecks(true)
                .setSkipCheckingSstFileSizesOnDbOpen(false)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(INFO_LOG_FILES_MAX)
                .setMaxLogFileSize(INFO_LOG_FILE_BYTES_MAX));
        for (String family : FAMILIES) {
            familyOptions.add(own(familyOptions(family)));
        }
    }

    private ColumnFamilyOptions familyOptions(String family) {
        ColumnFamilyOptions cf = new ColumnFamilyOptions()
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setLevelCompactionDynamicLevelBytes(true);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setBlockSize(BLOCK_BYTES)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        switch (family) {
            case "mvcc" -> {
                // Point reads seek to prefix ‖ ~readTs, so whole-key filters would never match;
                // filter on the key prefix instead. Cold data is compressed harder at the bottom.
                cf.useCappedPrefixExtractor(MVCC_PREFIX_BYTES)
                        .setMemtablePrefixBloomSizeRatio(0.05)
                        .setWriteBufferSize(options.mvccWriteBufferBytes())
                        .setMaxWriteBufferNumber(MVCC_WRITE_BUFFERS_MAX)
                        .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
                table.setFilterPolicy(own(new BloomFilter(BLOOM_BITS_PER_KEY, false))).setWholeKeyFiltering(false);
            }
            case "paxos_log" -> {
                // Appended in order, read in ranges, truncated from the front: no filter helps.
                cf.setWriteBufferSize(options.logWriteBufferBytes()).setMaxWriteBufferNumber(LOG_WRITE_BUFFERS_MAX);
            }
            default -> {
                // default (metadata), locks, paxos_state: small, read by exact key.
                cf.setWriteBufferSize(SMALL_FAMILY_WRITE_BUFFER_BYTES);
                table.setFilterPolicy(own(new BloomFilter(BLOOM_BITS_PER_KEY, false))).setWholeKeyFiltering(true);
            }
        }
        return cf.setTableFormatConfig(table);
    }

    public DBOptions dbOptions() {
        return dbOptions;
    }

    public ColumnFamilyOptions familyOptions(int familyIndex) {
        return familyOptions.get(familyIndex);
    }

    public ColumnFamilyOptions mvccOptions() {
        return familyOptions.get(FAMILIES.indexOf("mvcc"));
    }

    public List<ColumnFamilyDescriptor> descriptors() {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < FAMILIES.size(); i++) {
            descriptors.add(new ColumnFamilyDescriptor(FAMILIES.get(i).getBytes(StandardCharsets.UTF_8), familyOptions.get(i)));
        }
        return descriptors;
    }

    /** Options for an SstFileWriter whose files are ingested into the mvcc family. Caller closes. */
    Options sstWriterOptions() {
        return new Options(dbOptions, mvccOptions());
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new StorageException("closing RocksDB options failed", e);
            }
        }
    }
}
