package io.meridian.truetime.master;

import io.meridian.truetime.Clock;
import java.util.SplittableRandom;

/**
 * One region's time master (Spanner's GPS or atomic-clock master), simulated: it reads the
 * reference clock, which is true time in the simulation, and answers with an error drawn within its
 * stated uncertainty. That uncertainty stands for the master's own error plus half the round trip
 * of the poll; it is where a node's ε restarts after a sync (about 1 ms in Spanner).
 *
 * <p>Thread-safe: reads are serialised because the random source is not; nodes read every poll
 * interval, so the lock is cold.
 */
public final class TimeMaster {
    public static final long UNCERTAINTY_MICROS_DEFAULT = 1_000;

    private final String region;
    private final Clock reference;
    private final long uncertaintyMicros;
    private final SplittableRandom random; // guarded by this

    public TimeMaster(String region, Clock reference, long uncertaintyMicros, SplittableRandom random) {
        if (uncertaintyMicros < 0) {
            throw new IllegalArgumentException("uncertaintyMicros must be >= 0, got " + uncertaintyMicros);
        }
        this.region = region;
        this.reference = reference;
        this.uncertaintyMicros = uncertaintyMicros;
        this.random = random;
    }

    /** What a poll returns: the master's time and the bound on its error. */
    public record Reading(long micros, long uncertaintyMicros) {
    }

    /**
     * True time plus an error in [-uncertainty, uncertainty]; one reading in four sits at an
     * extreme, so tests meet the worst case often.
     */
    public synchronized Reading read() {
        long errorMicros;
        if (uncertaintyMicros == 0) {
            errorMicros = 0;
        } else if (random.nextInt(4) == 0) {
            errorMicros = random.nextBoolean() ? uncertaintyMicros : -uncertaintyMicros;
        } else {
            errorMicros = random.nextLong(-uncertaintyMicros, uncertaintyMicros + 1);
        }
        return new Reading(reference.nowMicros() + errorMicros, uncertaintyMicros);
    }

    public String region() {
        return region;
    }

    public long uncertaintyMicros() {
        return uncertaintyMicros;
    }
}
