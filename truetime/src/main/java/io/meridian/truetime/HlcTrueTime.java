package io.meridian.truetime;

/**
 * The fallback where no time master exists: a hybrid logical clock over a physical clock, with
 * the interval [clock - maxOffset, clock + maxOffset]. maxOffset is the bound the operator promises
 * on the skew between any node's clock and true time; it is stated by the caller, never defaulted
 * here. Issued timestamps are strictly increasing and never below a timestamp observed from a peer.
 */
public final class HlcTrueTime implements TrueTime {
    private final Clock clock;
    private final long maxOffsetMicros;
    private long highestReadingMicros;
    private Timestamp lastIssued = Timestamp.MIN;

    public HlcTrueTime(Clock clock, long maxOffsetMicros) {
        if (maxOffsetMicros < 0) {
            throw new IllegalArgumentException("maxOffsetMicros must be >= 0, got " + maxOffsetMicros);
        }
        this.clock = clock;
        this.maxOffsetMicros = maxOffsetMicros;
    }

    public long maxOffsetMicros() {
        return maxOffsetMicros;
    }

    @Override
    public TimeInterval now() {
        long reading = monotonicReading();
        return new TimeInterval(reading - maxOffsetMicros, reading + maxOffsetMicros);
    }

    /** The clock never appears to run backwards, even if the system clock is stepped back. */
    private synchronized long monotonicReading() {
        highestReadingMicros = Math.max(highestReadingMicros, clock.nowMicros());
        return highestReadingMicros;
    }

    @Override
    public void waitUntilAfter(Timestamp s) throws InterruptedException {
        while (!after(s)) {
            long remaining = s.physicalMicros() - now().earliestMicros() + 1;
            clock.sleepMicros(Math.max(1, remaining));
        }
    }

    @Override
    public synchronized Timestamp nextTimestamp() {
        Timestamp floor = Timestamp.ofMicros(monotonicReading() + maxOffsetMicros);
        lastIssued = floor.isAfter(lastIssued) ? floor : lastIssued.next();
        return lastIssued;
    }

    @Override
    public synchronized void observe(Timestamp received) {
        lastIssued = Timestamp.max(lastIssued, received);
    }
}
