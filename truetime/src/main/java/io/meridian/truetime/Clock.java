package io.meridian.truetime;

/**
 * The physical clock a node reads. Production uses {@link SystemClock}; tests and the simulator
 * pass a manual clock. Waiting goes through the clock too, so a simulated clock can let simulated
 * time pass instead of sleeping.
 */
public interface Clock {
    long nowMicros();

    /** Blocks the caller for about {@code micros} of this clock's time. */
    void sleepMicros(long micros) throws InterruptedException;
}
