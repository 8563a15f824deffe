package io.meridian.truetime;

/**
 * TrueTime's answer to "what time is it": true time lies in [earliest, latest] (microseconds since
 * the Unix epoch) as long as the clock source's error bound is honest.
 */
public record TimeInterval(long earliestMicros, long latestMicros) {
    public TimeInterval {
        if (earliestMicros > latestMicros) {
            throw new IllegalArgumentException("empty interval [" + earliestMicros + ", " + latestMicros + "]");
        }
    }

    /** Half the width: Spanner's epsilon. */
    public long epsilonMicros() {
        return (latestMicros - earliestMicros) / 2;
    }

    public boolean contains(long micros) {
        return earliestMicros <= micros && micros <= latestMicros;
    }
}
