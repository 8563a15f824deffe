package io.meridian.txn;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.meridian.range.KeyRange;
import io.meridian.range.RangeDirectory;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.SystemClock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Scans across tablets, the shared fixture: tablets [, d) [d, h) [h, ) holding a b c | e f g | i j
 * (values upper case), and a transaction manager whose scans page 2 rows at a time, so pages end
 * inside tablets and at their edges.
 */
final class ThreeTablets {
    final List<MemoryTablet> tablets = List.of(new MemoryTablet(1, new KeyRange(new byte[0], b("d"))),
            new MemoryTablet(2, new KeyRange(b("d"), b("h"))), new MemoryTablet(3, new KeyRange(b("h"), new byte[0])));
    final TransactionManager txns = new TransactionManager(new HlcTrueTime(SystemClock.INSTANCE, 100), SystemClock.INSTANCE,
            new RangeDirectory(List.copyOf(tablets)), new TransactionManager.Limits(200, 5_000, 1_000, 10_000, 2));

    ThreeTablets() throws Exception {
        for (String k : new String[] {"a", "b", "c", "e", "f", "g", "i", "j"}) {
            Transaction setup = txns.begin(); // commits are single-tablet: one key each
            setup.put(b(k), b(k.toUpperCase()));
            setup.commit();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static List<String> keys(Iterator<Map.Entry<byte[], byte[]>> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(e -> out.add(new String(e.getKey(), UTF_8)));
        return out;
    }
}
