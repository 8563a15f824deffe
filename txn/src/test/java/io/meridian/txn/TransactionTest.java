package io.meridian.txn;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.range.RangeDirectory;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.ManualClock;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TrueTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransactionTest {
    private final MemoryTablet tablet = new MemoryTablet();

    private TransactionManager manager(TrueTime trueTime, io.meridian.truetime.Clock clock, long lockWaitMillis) {
        return new TransactionManager(trueTime, clock, new RangeDirectory(List.of(tablet)),
                new TransactionManager.Limits(lockWaitMillis, 5_000, 1_000, 10_000, 2));
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> keys(Iterator<Map.Entry<byte[], byte[]>> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(e -> out.add(new String(e.getKey(), UTF_8) + "=" + new String(e.getValue(), UTF_8)));
        return out;
    }

    @Test
    void commitWaitsUntilTimestampHasCertainlyPassed() throws Exception {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime trueTime = new HlcTrueTime(clock, 2_000);
        Transaction txn = manager(trueTime, clock, 100).begin();
        txn.put(b("k"), b("v"));
        txn.commit();
        assertTrue(trueTime.after(txn.commitTimestamp()), "commit returned before TT.after(s)");
        assertTrue(txn.commitTimestamp().physicalMicros() >= 1_000_000 + 2_000, "s >= TT.now().latest at commit");
        assertEquals(1, tablet.applied().size());
    }

    @Test
    void scanMergesOwnWritesAndPagesThroughTablet() throws Exception {
        TransactionManager txns = manager(new HlcTrueTime(SystemClock.INSTANCE, 100), SystemClock.INSTANCE, 1_000);
        Transaction setup = txns.begin();
        for (String k : new String[] {"a", "c", "e", "g"}) {
            setup.put(b(k), b(k.toUpperCase()));
        }
        setup.commit();
        Transaction txn = txns.begin();
        txn.put(b("b"), b("new"));
        txn.delete(b("c"));
        txn.put(b("e"), b("changed"));
        // Page size is 2 rows, so the scan must resume across pages while merging.
        assertEquals(List.of("a=A", "b=new", "e=changed", "g=G"), keys(txn.scan(b("a"), b("z"))));
        assertArrayEquals(b("new"), txn.get(b("b")).orElseThrow());
        assertFalse(txn.get(b("c")).isPresent());
        txn.rollback();
        Transaction reader = txns.begin();
        assertEquals(List.of("a=A", "c=C", "e=E", "g=G"), keys(reader.scan(b("a"), b("z"))), "rollback left no trace");
        reader.commit();
    }

    @Test
    void olderTransactionWoundsYoungerLockHolder() throws Exception {
        TransactionManager txns = manager(new HlcTrueTime(SystemClock.INSTANCE, 100), SystemClock.INSTANCE, 1_000);
        Transaction older = txns.begin();
        Transaction younger = txns.begin();
        younger.put(b("x"), b("young"));
        older.put(b("x"), b("old"));
        TxnAbortedException aborted = assertThrows(TxnAbortedException.class, younger::commit);
        assertTrue(aborted.getMessage().contains("wounded"));
        older.commit();
        Transaction reader = txns.begin();
        assertArrayEquals(b("old"), reader.get(b("x")).orElseThrow());
        reader.commit();
        assertEquals(0, txns.locksHeld());
    }

    @Test
    void youngerTransactionWaitsForOlderOne() throws Exception {
        TransactionManager txns = manager(new HlcTrueTime(SystemClock.INSTANCE, 100), SystemClock.INSTANCE, 5_000);
        Transaction older = txns.begin();
        older.put(b("x"), b("1"));
        Transaction younger = txns.begin();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] v = younger.get(b("x")).orElseThrow();
                younger.commit();
                return v;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(read.isDone(), "younger read must wait for the older writer");
        older.commit();
        assertArrayEquals(b("1"), read.get(5, TimeUnit.SECONDS), "younger sees the committed write");
    }

    @Test
    void scanLockBlocksPhantomInsertUntilCommit() throws Exception {
        TransactionManager txns = manager(new HlcTrueTime(SystemClock.INSTANCE, 100), SystemClock.INSTANCE, 200);
        Transaction scanner = txns.begin();
        assertEquals(List.of(), keys(scanner.scan(b("m"), b("n"))));
        Transaction inserter = txns.begin();
        assertThrows(TxnAbortedException.class, () -> inserter.put(b("mm"), b("phantom")),
                "a younger insert into a scanned range must wait, here past its bound");
        inserter.rollback();
        scanner.commit();
        Transaction later = txns.begin();
        later.put(b("mm"), b("fine now"));
        later.commit();
    }
}
