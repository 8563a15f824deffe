package io.meridian.truetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HlcTrueTimeTest {
    @Test
    void intervalIsClockPlusMinusMaxOffset() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        assertEquals(new TimeInterval(999_500, 1_000_500), tt.now());
    }

    @Test
    void issuedTimestampsStrictlyIncreaseWhenClockStands() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        Timestamp a = tt.nextTimestamp();
        Timestamp b = tt.nextTimestamp();
        assertTrue(b.isAfter(a));
        assertEquals(1_000_500, a.physicalMicros());
    }

    @Test
    void commitWaitEndsOnlyAfterTimestampHasPassed() throws InterruptedException {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        Timestamp s = tt.nextTimestamp();
        assertFalse(tt.after(s));
        tt.waitUntilAfter(s);
        assertTrue(tt.after(s));
        assertTrue(clock.nowMicros() - 1_000_000 >= 1_000, "waited about 2 * maxOffset");
    }

    @Test
    void observedPeerTimestampRaisesFloor() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        Timestamp peer = new Timestamp(5_000_000, 7);
        tt.observe(peer);
        assertTrue(tt.nextTimestamp().isAfter(peer));
    }

    @Test
    void clockSteppedBackDoesNotMoveIntervalBack() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        tt.now();
        clock.setMicros(900_000);
        assertEquals(999_500, tt.now().earliestMicros());
    }

    @Test
    void timestampEncodingSortsLikeTimestamps() {
        Timestamp[] ordered = {new Timestamp(0, 0), new Timestamp(0, 1), new Timestamp(1, 0), new Timestamp(255, 3),
            new Timestamp(256, 0), new Timestamp(Long.MAX_VALUE, 0)};
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(java.util.Arrays.compareUnsigned(ordered[i - 1].encode(), ordered[i].encode()) < 0);
            assertEquals(ordered[i], Timestamp.decode(ordered[i].encode(), 0));
        }
    }
}
