package io.meridian.storage;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child of {@link PaxosLogCrashIT}: appends synced Paxos log entries from several writer
 * threads (one group each) until killed, printing {@code ack <group> <index>} after each persist
 * returns. Entry contents are a function of (seed, group, index) so the parent can check them.
 */
public final class LogAppenderProcess {
    static final int ENTRY_BYTES_MAX = 4096;

    private LogAppenderProcess() {
    }

    /** Deterministic content of one entry, of a length that varies from 1 to ENTRY_BYTES_MAX. */
    static byte[] entry(long seed, long group, long index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + group * 10_007L + index);
        byte[] bytes = new byte[1 + random.nextInt(ENTRY_BYTES_MAX)];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] hardState(long index) {
        return ByteBuffer.allocate(8).putLong(index).array();
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int writers = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        RocksStorage storage = RocksStorage.open(directory, StorageOptions.small());
        out.println("ready");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int w = 1; w <= writers; w++) {
            PaxosLogStore log = storage.paxosLog(w);
            long group = w;
            Thread thread = new Thread(() -> {
                for (long index = 1; ; index++) {
                    // Every fifth persist carries the hard state too, like a ballot change would.
                    log.persist(Map.of(index, entry(seed, group, index)), index % 5 == 0 ? hardState(index) : null);
                    synchronized (out) {
                        out.println("ack " + group + " " + index);
                        out.flush();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
