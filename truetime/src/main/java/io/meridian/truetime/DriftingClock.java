package io.meridian.truetime;

import java.util.SplittableRandom;

/**
 * A node's oscillator in simulation: a reference clock (true time) seen through a fixed drift in
 * parts per million and an offset that fault injection can step. Reading it costs one reference
 * read and a multiply. Sleeping sleeps on the reference, which differs from local time by the drift;
 * waiters re-check, so that is fine.
 */
public final class DriftingClock implements Clock {
    /** Far beyond any real quartz (tens of ppm); the bound keeps the arithmetic away from overflow. */
    public static final long DRIFT_PPM_MAX = 10_000;

    private static final long PPM = 1_000_000;

    private final Clock reference;
    private final long originMicros;
    private final long driftPpm;
    private volatile long offsetMicros;

    public DriftingClock(Clock reference, long offsetMicros, long driftPpm) {
        if (Math.abs(driftPpm) > DRIFT_PPM_MAX) {
            throw new IllegalArgumentException("|driftPpm| must be <= " + DRIFT_PPM_MAX + ", got " + driftPpm);
        }
        this.reference = reference;
        this.originMicros = reference.nowMicros();
        this.offsetMicros = offsetMicros;
        this.driftPpm = driftPpm;
    }

    /**
     * A clock with offset uniform in [-offsetMicrosMax, offsetMicrosMax] and drift in
     * [-driftPpmMax, driftPpmMax]; one in four draws sits at an extreme, where bugs live.
     */
    public static DriftingClock random(Clock reference, SplittableRandom random, long offsetMicrosMax, long driftPpmMax) {
        return new DriftingClock(reference, draw(random, offsetMicrosMax), draw(random, driftPpmMax));
    }

    static long draw(SplittableRandom random, long bound) {
        if (bound == 0) {
            return 0;
        }
        if (random.nextInt(4) == 0) {
            return random.nextBoolean() ? bound : -bound;
        }
        return random.nextLong(-bound, bound + 1);
    }

    @Override
    public long nowMicros() {
        long trueMicros = reference.nowMicros();
        return trueMicros + offsetMicros + Math.floorDiv((trueMicros - originMicros) * driftPpm, PPM);
    }

    @Override
    public void sleepMicros(long micros) throws InterruptedException {
        reference.sleepMicros(micros);
    }

    /** Fault injection: steps this clock by {@code deltaMicros} (negative steps it back). */
    public synchronized void skew(long deltaMicros) {
        offsetMicros += deltaMicros;
    }

    public long offsetMicros() {
        return offsetMicros;
    }

    public long driftPpm() {
        return driftPpm;
    }
}
