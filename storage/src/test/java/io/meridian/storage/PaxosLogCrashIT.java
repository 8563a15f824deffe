package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash durability of the Paxos log: a child JVM appends synced entries and prints an ack after
 * each; at a seeded random ack count the test SIGKILLs it, reopens its directory, and checks that
 * every acknowledged entry is present and intact, that what is present forms a gap-free prefix, and
 * that the hard state is at least the last acknowledged one.
 *
 * <p>SIGKILL ends the process but not the machine: data in the page cache survives. This checks
 * that an ack is never sent ahead of the write and that recovery keeps every acknowledged entry;
 * it cannot prove the fsync reached the platter (power loss), which rests on RocksDB's synced WAL.
 */
class PaxosLogCrashIT {
    private static final long SEED = Long.getLong("crash.seed", 1L);
    private static final int RUNS = Integer.getInteger("crash.runs", 5);
    private static final int WRITERS = 4;
    private static final int ACKS_BEFORE_KILL_MAX = 1500;
    private static final long RUN_MILLIS_MAX = 60_000;

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedEntrySurvivesSigkill() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            long seed = SEED + run;
            try {
                crashAndCheck(seed, temp.resolve("run-" + run));
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed=" + seed + " (replay with -Dcrash.seed=" + seed + " -Dcrash.runs=1)", e);
            }
        }
    }

    private void crashAndCheck(long seed, Path directory) throws Exception {
        int killAfterAcks = 1 + new SplittableRandom(seed).nextInt(ACKS_BEFORE_KILL_MAX);
        Path stderr = temp.resolve("child-" + seed + ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogAppenderProcess.class.getName(),
                directory.toString(), Long.toString(seed), Integer.toString(WRITERS))
                .redirectError(stderr.toFile())
                .start();
        Map<Long, Long> acked = new HashMap<>();
        int acks = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS_MAX);
            Thread watchdog = startWatchdog(child, deadline);
            String line;
            while (acks < killAfterAcks && (line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts[0].equals("ack")) {
                    long group = Long.parseLong(parts[1]);
                    long index = Long.parseLong(parts[2]);
                    Long previous = acked.put(group, index);
                    assertEquals(previous == null ? 1 : previous + 1, index, "acks of one group arrive in order");
                    acks++;
                }
            }
            assertTrue(child.isAlive(), "child died on its own after " + acks + " acks: " + Files.readString(stderr));
            child.destroyForcibly();
            assertTrue(child.waitFor(RUN_MILLIS_MAX, TimeUnit.MILLISECONDS));
            watchdog.interrupt();
        } finally {
            child.destroyForcibly();
        }
        assertEquals(killAfterAcks, acks, "child stopped acking: " + Files.readString(stderr));
        check(seed, directory, acked);
    }

    private static Thread startWatchdog(Process child, long deadlineNanos) {
        Thread watchdog = new Thread(() -> {
            try {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining > 0) {
                    TimeUnit.NANOSECONDS.sleep(remaining);
                }
                child.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static void check(long seed, Path directory, Map<Long, Long> acked) {
        try (RocksStorage storage = RocksStorage.open(directory, StorageOptions.small())) {
            for (long group = 1; group <= WRITERS; group++) {
                long ackedIndex = acked.getOrDefault(group, 0L);
                PaxosLogStore log = storage.paxosLog(group);
                List<Map.Entry<Long, byte[]>> entries = log.read(0);
                assertTrue(entries.size() >= ackedIndex, "group " + group + " acked " + ackedIndex + " but has " + entries.size());
                for (int i = 0; i < entries.size(); i++) {
                    long index = entries.get(i).getKey();
                    assertEquals(i + 1, index, "gap in group " + group);
                    assertArrayEquals(LogAppenderProcess.entry(seed, group, index), entries.get(i).getValue(),
                            "entry " + index + " of group " + group + " damaged");
                }
                long ackedHardState = ackedIndex - ackedIndex % 5;
                if (ackedHardState > 0) {
                    long hardState = ByteBuffer.wrap(log.hardState().orElseThrow()).getLong();
                    assertTrue(hardState >= ackedHardState && hardState <= entries.size(),
                            "group " + group + " hard state " + hardState + ", acked " + ackedHardState);
                }
            }
        }
    }
}
