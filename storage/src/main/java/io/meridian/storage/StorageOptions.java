package io.meridian.storage;

/**
 * The memory a node's RocksDB may use. {@link #defaults()} suits a production node with 2 cores and
 * a few GB of RAM; {@link #small()} suits tests and the many nodes of a simulated cluster on one
 * machine. The reasons for each figure are in storage/README.md.
 *
 * @param blockCacheBytes      one LRU cache shared by every column family (data, index and filter blocks)
 * @param mvccWriteBufferBytes one memtable of the mvcc family
 * @param logWriteBufferBytes  one memtable of the paxos_log family
 * @param totalWriteBufferBytes all memtables of all families together; beyond it RocksDB flushes
 * @param walBytesMax          total WAL size that forces the families holding the oldest WAL to flush
 */
public record StorageOptions(long blockCacheBytes, long mvccWriteBufferBytes, long logWriteBufferBytes,
        long totalWriteBufferBytes, long walBytesMax) {
    private static final long MIB = 1024 * 1024;

    public StorageOptions {
        if (blockCacheBytes < MIB || mvccWriteBufferBytes < MIB || logWriteBufferBytes < MIB
                || totalWriteBufferBytes < mvccWriteBufferBytes || walBytesMax < totalWriteBufferBytes) {
            throw new IllegalArgumentException("storage options out of range: " + this);
        }
    }

    public static StorageOptions defaults() {
        return new StorageOptions(512 * MIB, 64 * MIB, 32 * MIB, 256 * MIB, 512 * MIB);
    }

    public static StorageOptions small() {
        return new StorageOptions(16 * MIB, 4 * MIB, 2 * MIB, 16 * MIB, 32 * MIB);
    }
}
