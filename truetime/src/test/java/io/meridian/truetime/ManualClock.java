package io.meridian.truetime;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; sleeping on it advances it (single-threaded tests). */
public final class ManualClock implements Clock {
    private final AtomicLong micros;

    public ManualClock(long startMicros) {
        this.micros = new AtomicLong(startMicros);
    }

    @Override
    public long nowMicros() {
        return micros.get();
    }

    @Override
    public void sleepMicros(long sleepMicros) {
        micros.addAndGet(sleepMicros);
    }

    public void advanceMicros(long delta) {
        micros.addAndGet(delta);
    }

    public void setMicros(long value) {
        micros.set(value);
    }
}
