package io.meridian.truetime.master;

import io.meridian.truetime.Clock;
import io.meridian.truetime.TimeInterval;
import io.meridian.truetime.Timestamp;
import io.meridian.truetime.TrueTime;
import io.meridian.truetime.TrueTimeMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TrueTime from a region's time master, the way Spanner's per-node time daemon does it: at each
 * poll the node takes the master's time and uncertainty; between polls it counts elapsed time on
 * its own oscillator and lets ε grow at the assumed worst-case drift. With the defaults ε is a
 * sawtooth from about 1 ms (the master's uncertainty) to about 7 ms (plus 30 s at 200 µs/s).
 *
 * <p>The daemon is lazy: the first {@link #now()} at or after a poll deadline polls, so there is
 * no thread and the simulation stays deterministic. A node that reads the clock less often than it
 * polls carries less stale state, never more; the interval is the same as a daemon polling on time
 * would give at the moment of the call, apart from where the sawtooth restarts.
 *
 * <p>Threading: now() reads one volatile snapshot of the last sync and takes no lock; a poll takes
 * the sync lock; nextTimestamp() takes the issue lock. The interval is honest, not monotonic: at a
 * poll both ends may step (each still contains true time). Issued timestamps are monotonic.
 *
 * <p>Faults: {@link #lieAboutEpsilon} reports a fraction of the honest ε, so true time can fall
 * outside the interval; stepping the node's clock (for example
 * {@link io.meridian.truetime.DriftingClock#skew}) moves the interval until the next poll, which
 * detects the disagreement with the master, counts a sync fault and logs it.
 */
public final class TimeMasterTrueTime implements TrueTime {
    static final String SOURCE = "time-master";

    private static final Logger log = LoggerFactory.getLogger(TimeMasterTrueTime.class);

    /** The state a poll leaves behind; immutable, published through a volatile field. */
    private record Sync(long localMicros, long masterMicros, long epsilonMicros, long nextPollLocalMicros) {
        boolean covers(long local) {
            return local >= localMicros && local < nextPollLocalMicros;
        }
    }

    private final Clock localClock;
    private final TimeMaster master;
    private final TimeMasterConfig config;
    private final Counter syncFaults;
    private final Timer commitWaitTimer;

    private final Object syncLock = new Object();
    private volatile Sync sync;
    private volatile double reportedEpsilonFraction = 1.0;

    private final Object issueLock = new Object();
    private Timestamp lastIssued = Timestamp.MIN; // guarded by issueLock

    public TimeMasterTrueTime(Clock localClock, TimeMaster master, TimeMasterConfig config) {
        this(localClock, master, config, TrueTimeMetrics.none());
    }

    /** Polls the master once before returning, as a daemon does before the node serves. */
    public TimeMasterTrueTime(Clock localClock, TimeMaster master, TimeMasterConfig config, TrueTimeMetrics metrics) {
        this.localClock = localClock;
        this.master = master;
        this.config = config;
        this.syncFaults = metrics.syncFaults(SOURCE);
        this.commitWaitTimer = metrics.commitWaitTimer("blocking");
        long local = localClock.nowMicros();
        this.sync = syncWith(master.read(), local);
        metrics.registerEpsilonGauge(SOURCE, this);
    }

    public TimeMaster master() {
        return master;
    }

    public TimeMasterConfig config() {
        return config;
    }

    @Override
    public TimeInterval now() {
        long local = localClock.nowMicros();
        Sync current = sync;
        if (!current.covers(local)) {
            return nowAfterPoll();
        }
        return interval(current, local, reportedEpsilonFraction);
    }

    private TimeInterval nowAfterPoll() {
        synchronized (syncLock) {
            // Re-read inside the lock: another thread may have polled with a later reading.
            long local = localClock.nowMicros();
            Sync current = sync;
            if (!current.covers(local)) {
                current = poll(current, local);
                sync = current;
            }
            return interval(current, local, reportedEpsilonFraction);
        }
    }

    private TimeInterval interval(Sync from, long local, double epsilonFraction) {
        long elapsedMicros = local - from.localMicros;
        long estimateMicros = from.masterMicros + elapsedMicros;
        long epsilonMicros = from.epsilonMicros + config.driftAllowanceMicros(elapsedMicros);
        if (epsilonFraction != 1.0) {
            epsilonMicros = (long) (epsilonMicros * epsilonFraction);
        }
        return new TimeInterval(estimateMicros - epsilonMicros, estimateMicros + epsilonMicros);
    }

    /**
     * Syncs with the master. Before adopting its time, checks that the honest interval still
     * overlaps the master's: if not, the local clock stepped or drifted beyond the assumed rate.
     */
    private Sync poll(Sync previous, long local) {
        TimeMaster.Reading reading = master.read();
        if (local < previous.localMicros) {
            reportSyncFault("local clock stepped back by " + (previous.localMicros - local) + " us since the last poll");
        } else {
            TimeInterval predicted = interval(previous, local, 1.0);
            long disagreementMicros = Math.abs(reading.micros() - (predicted.earliestMicros() + predicted.epsilonMicros()));
            long allowedMicros = predicted.epsilonMicros() + reading.uncertaintyMicros();
            if (disagreementMicros > allowedMicros) {
                reportSyncFault("local clock disagrees with the time master by " + disagreementMicros
                        + " us, more than the " + allowedMicros + " us the two uncertainties allow");
            }
        }
        return syncWith(reading, local);
    }

    private Sync syncWith(TimeMaster.Reading reading, long local) {
        return new Sync(local, reading.micros(), reading.uncertaintyMicros(), local + config.pollIntervalMicros());
    }

    private void reportSyncFault(String what) {
        syncFaults.increment();
        log.warn("clock fault against time master of region {}: {}; the interval since the last poll may not have "
                + "contained true time; resynchronised", master.region(), what);
    }

    /** Earliest advances slower than the local clock (ε grows meanwhile): stretch the estimate. */
    @Override
    public long microsUntilAfter(Timestamp s) {
        long earliest = now().earliestMicros();
        if (earliest > s.physicalMicros()) {
            return 0;
        }
        return config.localMicrosToAdvanceEarliest(s.physicalMicros() - earliest + 1);
    }

    @Override
    public void waitUntilAfter(Timestamp s) throws InterruptedException {
        long startMicros = localClock.nowMicros();
        for (long remaining = microsUntilAfter(s); remaining > 0; remaining = microsUntilAfter(s)) {
            localClock.sleepMicros(remaining);
        }
        commitWaitTimer.record(Math.max(0, localClock.nowMicros() - startMicros), TimeUnit.MICROSECONDS);
    }

    @Override
    public Timestamp nextTimestamp() {
        Timestamp floor = Timestamp.ofMicros(now().latestMicros());
        synchronized (issueLock) {
            lastIssued = floor.isAfter(lastIssued) ? floor : lastIssued.next();
            return lastIssued;
        }
    }

    /**
     * Raises the issuing floor. Not checked against an offset bound: each node's interval is
     * checked against its master at every poll, which is where a bad clock is caught.
     */
    @Override
    public void observe(Timestamp received) {
        raiseFloor(received);
    }

    @Override
    public void raiseFloor(Timestamp floor) {
        synchronized (issueLock) {
            lastIssued = Timestamp.max(lastIssued, floor);
        }
    }

    /**
     * Fault injection: from now on report {@code reportedFraction} of the honest ε (0 makes the
     * interval a point). True time then falls outside the interval whenever the node's actual error
     * exceeds what it reports, and commit wait ends too early.
     */
    public void lieAboutEpsilon(double reportedFraction) {
        if (!(reportedFraction >= 0 && reportedFraction <= 1)) {
            throw new IllegalArgumentException("reportedFraction must be in [0, 1], got " + reportedFraction);
        }
        reportedEpsilonFraction = reportedFraction;
    }

    public void stopLying() {
        reportedEpsilonFraction = 1.0;
    }
}
