package io.meridian.paxos.sim;

import io.meridian.paxos.core.LeaseClock;
import io.meridian.truetime.TimeInterval;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * One simulated machine's TrueTime: true time (the simulation's step time) seen through a fixed
 * offset plus per-read jitter, never more than epsilon off, with an interval of +-epsilon around
 * the local reading. So every interval contains true time (TrueTime's promise) while nodes
 * disagree by up to 2 epsilon, and a node's readings can even step back a little.
 */
final class SimClock implements LeaseClock {
    private final LongSupplier trueMicros;
    private final long epsilonMicros;
    private final long offsetMicros;
    private final SplittableRandom jitter;

    SimClock(LongSupplier trueMicros, long epsilonMicros, SplittableRandom random) {
        this.trueMicros = trueMicros;
        this.epsilonMicros = epsilonMicros;
        this.offsetMicros = epsilonMicros == 0 ? 0 : random.nextLong(-epsilonMicros, epsilonMicros + 1);
        this.jitter = random.split();
    }

    @Override
    public TimeInterval now() {
        long room = epsilonMicros - Math.abs(offsetMicros);
        long local = trueMicros.getAsLong() + offsetMicros + (room == 0 ? 0 : jitter.nextLong(-room, room + 1));
        return new TimeInterval(local - epsilonMicros, local + epsilonMicros);
    }

    long offsetMicros() {
        return offsetMicros;
    }
}
