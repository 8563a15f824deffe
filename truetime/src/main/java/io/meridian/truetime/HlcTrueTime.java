package io.meridian.truetime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback where no time master exists: a hybrid logical clock over a physical clock, with
 * the interval [clock - maxOffset, clock + maxOffset]. maxOffset is the bound the operator promises
 * on the distance between any node's clock and true time; it is stated by the caller, never
 * defaulted here ({@link #MAX_OFFSET_MICROS_DEFAULT} is what configuration falls back to).
 *
 * <p>Invariants:
 * <ul>
 *   <li>now() never moves back, even if the clock is stepped back (readings are folded into a
 *       running maximum);</li>
 *   <li>issued timestamps strictly increase, are at least now().latest, and exceed every timestamp
 *       observed from a peer (the HLC rule, shifted up by maxOffset);</li>
 *   <li>across restarts too: every issued timestamp is below the persisted high-water mark, and a
 *       restarted instance issues only above it;</li>
 *   <li>a peer timestamp more than 2 * maxOffset ahead of now().latest is refused, counted and
 *       logged: two honest clocks cannot produce it.</li>
 * </ul>
 *
 * <p>Observed timestamps raise the issuing floor, not the interval: issued timestamps sit at a
 * node's latest, so folding them into the interval's centre would push earliest past true time.
 */
public final class HlcTrueTime implements TrueTime {
    /**
     * 10 ms: chrony/NTP against a nearby source (cloud time services, a LAN stratum-1) keeps
     * clocks within about 1 ms of UTC, so this leaves a tenfold margin, while every read-write
     * commit pays about 2 * maxOffset = 20 ms of commit wait. Raise it where clocks sync over the
     * public internet (100-250 ms); lower it for a one-machine cluster reading one clock.
     */
    public static final long MAX_OFFSET_MICROS_DEFAULT = 10_000;

    /**
     * How far ahead of issued timestamps the high-water mark is persisted (pushed again halfway:
     * two syncs a second, off the issue path); a restart jumps at most this far ahead.
     */
    public static final long PERSIST_AHEAD_MICROS_DEFAULT = 1_000_000;

    static final String SOURCE = "hlc";

    private static final Logger log = LoggerFactory.getLogger(HlcTrueTime.class);

    private final Clock clock;
    private final long maxOffsetMicros;
    private final long peerAheadMicrosMax;
    private final HighWaterMark highWaterMark;
    private final long persistAheadMicros;
    private final Counter offsetRejections;
    private final Timer commitWaitTimer;
    private final AtomicLong highestReadingMicros = new AtomicLong(Long.MIN_VALUE);

    private final Object issueLock = new Object();
    private Timestamp lastIssued; // guarded by issueLock
    private long persistedMicros; // guarded by issueLock: every issued physicalMicros is below it
    private boolean refreshing; // guarded by issueLock: a caller is pushing the mark further, outside the lock
    /** Serialises writes of the mark (the refresh and a caller that outran it) so it only grows. */
    private final Object storeLock = new Object();
    private long storedMicros; // guarded by storeLock

    /** No persistence across restarts and no metrics: tests and single-process tools. */
    public HlcTrueTime(Clock clock, long maxOffsetMicros) {
        this(clock, maxOffsetMicros, HighWaterMark.inMemory(), PERSIST_AHEAD_MICROS_DEFAULT, TrueTimeMetrics.none());
    }

    public HlcTrueTime(Clock clock, long maxOffsetMicros, HighWaterMark highWaterMark, TrueTimeMetrics metrics) {
        this(clock, maxOffsetMicros, highWaterMark, PERSIST_AHEAD_MICROS_DEFAULT, metrics);
    }

    /**
     * Loads the high-water mark: the first timestamp issued is above everything a previous
     * instance on the same mark issued.
     */
    public HlcTrueTime(Clock clock, long maxOffsetMicros, HighWaterMark highWaterMark, long persistAheadMicros,
            TrueTimeMetrics metrics) {
        if (maxOffsetMicros < 0) {
            throw new IllegalArgumentException("maxOffsetMicros must be >= 0, got " + maxOffsetMicros);
        }
        if (persistAheadMicros <= 0) {
            throw new IllegalArgumentException("persistAheadMicros must be > 0, got " + persistAheadMicros);
        }
        this.clock = clock;
        this.maxOffsetMicros = maxOffsetMicros;
        // An honest peer issues at most its clock + maxOffset <= true time + 2 * maxOffset, and our
        // latest is at least true time: anything further ahead proves a clock broke its bound.
        this.peerAheadMicrosMax = 2 * maxOffsetMicros;
        this.highWaterMark = highWaterMark;
        this.persistAheadMicros = persistAheadMicros;
        this.persistedMicros = highWaterMark.loadMicros();
        this.storedMicros = persistedMicros;
        this.lastIssued = Timestamp.ofMicros(persistedMicros);
        this.offsetRejections = metrics.offsetRejections(SOURCE);
        this.commitWaitTimer = metrics.commitWaitTimer("blocking");
        metrics.registerEpsilonGauge(SOURCE, this);
    }

    public long maxOffsetMicros() {
        return maxOffsetMicros;
    }

    @Override
    public TimeInterval now() {
        long reading = monotonicReading();
        return new TimeInterval(reading - maxOffsetMicros, reading + maxOffsetMicros);
    }

    /**
     * The clock never appears to run backwards, even if the system clock is stepped back. Writes
     * only when the reading is new, so concurrent readers within one microsecond share the line.
     */
    private long monotonicReading() {
        long reading = clock.nowMicros();
        long highest = highestReadingMicros.get();
        while (reading > highest) {
            if (highestReadingMicros.compareAndSet(highest, reading)) {
                return reading;
            }
            highest = highestReadingMicros.get();
        }
        return highest;
    }

    @Override
    public void waitUntilAfter(Timestamp s) throws InterruptedException {
        long startMicros = clock.nowMicros();
        for (long remaining = microsUntilAfter(s); remaining > 0; remaining = microsUntilAfter(s)) {
            clock.sleepMicros(remaining);
        }
        commitWaitTimer.record(Math.max(0, clock.nowMicros() - startMicros), TimeUnit.MICROSECONDS);
    }

    /**
     * Issues the next timestamp. The high-water mark is pushed further once issuing passes the
     * middle of its margin, by the caller that crossed it, outside the issue lock: the other
     * callers keep issuing below the durable mark meanwhile instead of queueing behind a sync (a
     * loaded disk takes tens of ms, which stalled every commit of the node once a second). Only a
     * caller that outruns the whole margin syncs under the lock.
     */
    @Override
    public Timestamp nextTimestamp() {
        Timestamp floor = Timestamp.ofMicros(monotonicReading() + maxOffsetMicros);
        Timestamp issued;
        long refreshTo = 0;
        synchronized (issueLock) {
            issued = floor.isAfter(lastIssued) ? floor : lastIssued.next();
            if (issued.physicalMicros() >= persistedMicros) {
                long boundMicros = issued.physicalMicros() + persistAheadMicros;
                storeAtLeast(boundMicros);
                persistedMicros = boundMicros;
            }
            lastIssued = issued;
            if (!refreshing && issued.physicalMicros() >= persistedMicros - persistAheadMicros / 2) {
                refreshing = true;
                refreshTo = issued.physicalMicros() + persistAheadMicros;
            }
        }
        if (refreshTo > 0) {
            refresh(refreshTo);
        }
        return issued;
    }

    /** Stores a further mark, then lets issuing use it. */
    private void refresh(long boundMicros) {
        boolean stored = false;
        try {
            storeAtLeast(boundMicros);
            stored = true;
        } finally {
            synchronized (issueLock) {
                refreshing = false;
                if (stored) {
                    persistedMicros = Math.max(persistedMicros, boundMicros);
                }
            }
        }
    }

    /** Makes the durable mark at least {@code boundMicros}; marks only grow. */
    private void storeAtLeast(long boundMicros) {
        synchronized (storeLock) {
            if (boundMicros > storedMicros) {
                highWaterMark.storeMicros(boundMicros);
                storedMicros = boundMicros;
            }
        }
    }

    @Override
    public void observe(Timestamp received) {
        long latestMicros = now().latestMicros();
        if (received.physicalMicros() - latestMicros > peerAheadMicrosMax) {
            offsetRejections.increment();
            ClockOffsetException refused = new ClockOffsetException(received, latestMicros, peerAheadMicrosMax);
            log.warn("clock offset: {} (maxOffset {} us)", refused.getMessage(), maxOffsetMicros);
            throw refused;
        }
        raiseFloor(received);
    }

    @Override
    public void raiseFloor(Timestamp floor) {
        synchronized (issueLock) {
            lastIssued = Timestamp.max(lastIssued, floor);
        }
    }
}
