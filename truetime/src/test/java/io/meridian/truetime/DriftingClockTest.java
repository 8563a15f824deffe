package io.meridian.truetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftingClockTest {
    @Test
    void runsAtReferenceRatePlusDriftFromItsOffset() {
        ManualClock reference = new ManualClock(1_000_000_000);
        DriftingClock clock = new DriftingClock(reference, 5_000, 200);
        assertEquals(1_000_005_000, clock.nowMicros());
        reference.advanceMicros(30_000_000);
        assertEquals(1_000_005_000 + 30_000_000 + 6_000, clock.nowMicros());
    }

    @Test
    void skewStepsTheClock() {
        ManualClock reference = new ManualClock(0);
        DriftingClock clock = new DriftingClock(reference, 0, -100);
        clock.skew(-20_000);
        reference.advanceMicros(1_000_000);
        assertEquals(1_000_000 - 100 - 20_000, clock.nowMicros());
    }

    @Test
    void randomClocksStayWithinTheirBounds() {
        SplittableRandom random = new SplittableRandom(7);
        ManualClock reference = new ManualClock(0);
        for (int i = 0; i < 1_000; i++) {
            DriftingClock clock = DriftingClock.random(reference, random, 1_000, 200);
            assertTrue(Math.abs(clock.offsetMicros()) <= 1_000 && Math.abs(clock.driftPpm()) <= 200);
        }
        assertThrows(IllegalArgumentException.class, () -> new DriftingClock(reference, 0, DriftingClock.DRIFT_PPM_MAX + 1));
    }
}
