package io.meridian.range;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.storage.Mutation;
import io.meridian.truetime.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabletCommandTest {
    @Test
    void roundTripsPutsAndTombstones() {
        TabletCommand command = new TabletCommand(77, new Timestamp(123_456, 9),
                List.of(Mutation.put(new byte[] {1, 2}, new byte[] {3}), Mutation.delete(new byte[] {4}),
                        Mutation.put(new byte[0], new byte[0])));
        TabletCommand decoded = TabletCommand.decode(command.encode());
        assertEquals(77, decoded.txnId());
        assertEquals(new Timestamp(123_456, 9), decoded.commitTimestamp());
        assertEquals(3, decoded.mutations().size());
        assertArrayEquals(new byte[] {1, 2}, decoded.mutations().get(0).key());
        assertArrayEquals(new byte[] {3}, decoded.mutations().get(0).value());
        assertTrue(decoded.mutations().get(1).isDelete());
        assertNull(decoded.mutations().get(1).value());
        assertFalse(decoded.mutations().get(2).isDelete(), "an empty value is not a tombstone");
    }

    @Test
    void refusesUnknownFormat() {
        byte[] encoded = new TabletCommand(1, Timestamp.MIN, List.of()).encode();
        encoded[0] = 99;
        assertThrows(IllegalStateException.class, () -> TabletCommand.decode(encoded));
    }

    @Test
    void keyRangeContainsAndOverlaps() {
        KeyRange range = new KeyRange(new byte[] {2}, new byte[] {5});
        assertTrue(range.contains(new byte[] {2}));
        assertTrue(range.contains(new byte[] {4, (byte) 0xFF}));
        assertFalse(range.contains(new byte[] {5}));
        assertFalse(range.contains(new byte[] {1, 9}));
        assertTrue(range.overlaps(new byte[] {4}, new byte[] {9}));
        assertFalse(range.overlaps(new byte[] {5}, new byte[] {9}));
        assertTrue(range.overlaps(new byte[] {0}, new byte[0]), "empty end means unbounded");
        assertTrue(KeyRange.EVERYTHING.contains(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    }
}
