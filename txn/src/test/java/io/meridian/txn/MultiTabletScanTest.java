package io.meridian.txn;

import static io.meridian.txn.ThreeTablets.b;
import static io.meridian.txn.ThreeTablets.keys;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scans over several tablets: whole-range scans, limited scans that lock only what they read, and
 * folds that each tablet runs over its own piece of the range.
 */
class MultiTabletScanTest {
    private List<MemoryTablet> tablets;
    private TransactionManager txns;

    @BeforeEach
    void setUp() throws Exception {
        ThreeTablets fixture = new ThreeTablets();
        tablets = fixture.tablets;
        txns = fixture.txns;
    }

    @Test
    void scanCrossesTabletsAndMergesOwnWrites() throws Exception {
        Transaction txn = txns.begin();
        txn.put(b("d"), b("D"));
        txn.delete(b("g"));
        assertEquals(List.of("b", "c", "d", "e", "f", "i", "j"), keys(txn.scan(b("b"), b("z"))));
        txn.rollback();
        Transaction reader = txns.begin();
        assertEquals(List.of("a", "b", "c", "e", "f", "g", "i", "j"), keys(reader.scan(b("a"), b("z"))));
        reader.commit();
    }

    @Test
    void limitedScanStopsAndLocksOnlyUpToItsLastRow() throws Exception {
        Transaction scanner = txns.begin();
        assertEquals(List.of("c", "e", "f"), keys(scanner.scan(b("c"), b("z"), 3)));
        Transaction phantom = txns.begin();
        assertThrows(TxnAbortedException.class, () -> phantom.put(b("ee"), b("inside what was read")));
        phantom.rollback();
        Transaction beyond = txns.begin();
        beyond.put(b("ff"), b("after the last row read"));
        beyond.commit();
        Transaction before = txns.begin();
        before.put(b("bb"), b("before the start"));
        before.commit();
        scanner.commit();
        Transaction reader = txns.begin();
        assertEquals(List.of("bb", "c", "e", "f", "ff"), keys(reader.scan(b("bb"), b("z"), 5)));
        assertEquals(List.of("i", "j"), keys(reader.scan(b("h"), b("z"), 10)), "fewer rows than the limit");
        reader.commit();
    }

    @Test
    void limitedScanSeesOwnWritesAndDeletes() throws Exception {
        Transaction txn = txns.begin();
        txn.delete(b("a"));
        txn.delete(b("b"));
        txn.put(b("c1"), b("own"));
        assertEquals(List.of("c", "c1", "e", "f"), keys(txn.scan(b("a"), b("z"), 4)));
        txn.rollback();
    }

    @Test
    void readOnlyCommitConfirmsEveryTabletItRead() throws Exception {
        Transaction reader = txns.begin();
        assertEquals(List.of("f", "g", "i"), keys(reader.scan(b("f"), b("j"))));
        reader.commit();
        assertEquals(List.of(0, 1, 1), tablets.stream().map(MemoryTablet::confirmations).toList(),
                "a leader deposed meanwhile could have served any of the tablets read");
    }

    @Test
    void foldRunsOnEveryTabletOfTheRange() throws Exception {
        Transaction txn = txns.begin();
        List<String> seen = new ArrayList<>();
        txn.fold(b("b"), b("j"), (key, value) -> seen.add(new String(key, UTF_8)));
        assertEquals(List.of("b", "c", "e", "f", "g", "i"), seen);
        txn.put(b("h"), b("H"));
        seen.clear();
        txn.fold(b("b"), b("j"), (key, value) -> seen.add(new String(key, UTF_8)));
        assertEquals(List.of("b", "c", "e", "f", "g", "h", "i"), seen, "own writes are folded too");
        txn.rollback();
        Transaction folder = txns.begin();
        Transaction writer = txns.begin(); // younger: it waits for the folder, here past its bound
        folder.fold(b("a"), b("z"), (key, value) -> { });
        assertThrows(TxnAbortedException.class, () -> writer.put(b("k"), b("K")), "a fold locks its range");
        folder.commit();
    }
}
