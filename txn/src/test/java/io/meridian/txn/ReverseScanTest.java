package io.meridian.txn;

import static io.meridian.txn.ThreeTablets.b;
import static io.meridian.txn.ThreeTablets.keys;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Descending scans over several tablets: whole-range and limited, merged with the transaction's
 * own writes, and a limited one locking only from its last (lowest) row up to the range's end.
 */
class ReverseScanTest {
    private TransactionManager txns;

    @BeforeEach
    void setUp() throws Exception {
        txns = new ThreeTablets().txns;
    }

    @Test
    void reverseScanCrossesTabletsAndMergesOwnWrites() throws Exception {
        Transaction txn = txns.begin();
        txn.put(b("d"), b("D"));
        txn.delete(b("g"));
        txn.put(b("z"), b("Z"));
        assertEquals(List.of("j", "i", "f", "e", "d", "c", "b"), keys(txn.scanReverse(b("b"), b("z"))));
        assertEquals(List.of("z", "j", "i", "f", "e", "d", "c", "b", "a"), keys(txn.scanReverse(b("a"), b("zz"))));
        txn.rollback();
        Transaction reader = txns.begin();
        assertEquals(List.of("j", "i", "g", "f", "e", "c", "b", "a"), keys(reader.scanReverse(b(""), b("z"))));
        assertEquals(List.of(), keys(reader.scanReverse(b("d"), b("d"))), "an empty range");
        assertEquals(List.of(), keys(reader.scanReverse(b("k"), b("d"))), "start after end");
        reader.commit();
    }

    @Test
    void limitedReverseScanStopsAndLocksOnlyDownToItsLastRow() throws Exception {
        Transaction scanner = txns.begin();
        assertEquals(List.of("j", "i", "g"), keys(scanner.scanReverse(b("a"), b("z"), 3)));
        Transaction phantom = txns.begin();
        assertThrows(TxnAbortedException.class, () -> phantom.put(b("h"), b("inside what was read")));
        phantom.rollback();
        Transaction aboveAll = txns.begin();
        assertThrows(TxnAbortedException.class, () -> aboveAll.put(b("y"), b("between the first row and the end")));
        aboveAll.rollback();
        Transaction below = txns.begin();
        below.put(b("ff"), b("below the last row read"));
        below.commit();
        Transaction beyond = txns.begin();
        beyond.put(b("zz"), b("past the end"));
        beyond.commit();
        scanner.commit();
        Transaction reader = txns.begin();
        assertEquals(List.of("zz", "j", "i", "g", "ff"), keys(reader.scanReverse(b("a"), b("zzz"), 5)));
        assertEquals(List.of("b", "a"), keys(reader.scanReverse(b(""), b("c"), 10)), "fewer rows than the limit");
        assertEquals(List.of(), keys(reader.scanReverse(b("a"), b("z"), 0)));
        reader.commit();
    }

    @Test
    void limitedReverseScanSeesOwnWritesAndDeletes() throws Exception {
        Transaction txn = txns.begin();
        txn.delete(b("j"));
        txn.delete(b("i"));
        txn.put(b("h1"), b("own"));
        txn.put(b("k"), b("beyond the end"));
        assertEquals(List.of("h1", "g", "f", "e"), keys(txn.scanReverse(b("a"), b("k"), 4)));
        txn.rollback();
    }

    @Test
    void reverseScanNeedsABoundedEnd() {
        Transaction txn = txns.begin();
        assertThrows(IllegalArgumentException.class, () -> txn.scanReverse(b("a"), new byte[0], 3));
        txn.rollback();
    }

    /** Seeded: every limited and whole reverse scan equals the forward scan reversed, own writes included. */
    @Test
    void reverseScansAgreeWithForwardScans() throws Exception {
        SplittableRandom random = new SplittableRandom(Long.getLong("reverse.seed", 11L));
        String letters = "abcdefghijk";
        for (int round = 0; round < 200; round++) {
            Transaction txn = txns.begin();
            for (int i = 0; i < 3; i++) {
                String key = String.valueOf(letters.charAt(random.nextInt(letters.length())));
                if (random.nextBoolean()) {
                    txn.put(b(key), b("own"));
                } else {
                    txn.delete(b(key));
                }
            }
            char low = letters.charAt(random.nextInt(letters.length()));
            char high = letters.charAt(random.nextInt(letters.length()));
            byte[] start = b(String.valueOf(low));
            byte[] end = b(String.valueOf(high) + (random.nextBoolean() ? "" : "0"));
            List<String> forward = keys(txn.scan(start, Arrays.compareUnsigned(start, end) < 0 ? end : start));
            List<String> reversed = new ArrayList<>(forward);
            Collections.reverse(reversed);
            int limit = 1 + random.nextInt(6);
            String where = "round " + round + " [" + low + ", " + new String(end, UTF_8) + ")";
            assertEquals(reversed, keys(txn.scanReverse(start, end)), where);
            assertEquals(reversed.subList(0, Math.min(limit, reversed.size())), keys(txn.scanReverse(start, end, limit)),
                    where + " limit " + limit);
            txn.rollback();
        }
    }
}
