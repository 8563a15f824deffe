package io.meridian.truetime;

/**
 * Spanner's TrueTime: an interval clock whose interval contains true time. External consistency
 * rests on one rule: a commit at timestamp s becomes visible only after {@code after(s)} holds.
 */
public interface TrueTime {
    TimeInterval now();

    /** True when s has certainly passed: s < now().earliest. */
    default boolean after(Timestamp s) {
        return now().earliestMicros() > s.physicalMicros();
    }

    /** True when s has certainly not arrived: s > now().latest. */
    default boolean before(Timestamp s) {
        return now().latestMicros() < s.physicalMicros();
    }

    /**
     * Commit wait: returns once {@code after(s)} holds. Sleeps rather than spins; callers on
     * event-loop threads must not call this.
     */
    void waitUntilAfter(Timestamp s) throws InterruptedException;

    /**
     * A timestamp no earlier than now().latest and strictly greater than any this instance gave
     * out or observed before; what a leader assigns to a commit.
     */
    Timestamp nextTimestamp();

    /** Causality: a timestamp received from a peer moves this clock's logical time forward. */
    void observe(Timestamp received);
}
