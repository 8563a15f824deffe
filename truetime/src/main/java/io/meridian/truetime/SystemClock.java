package io.meridian.truetime;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The machine's wall clock at microsecond resolution. */
public final class SystemClock implements Clock {
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nowMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
    }

    @Override
    public void sleepMicros(long micros) throws InterruptedException {
        // parkNanos rather than Thread.sleep: sub-millisecond commit waits are common.
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
