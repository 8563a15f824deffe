package io.meridian.truetime;

/**
 * Spanner's TrueTime: an interval clock whose interval contains true time. External consistency
 * rests on one rule: a commit at timestamp s becomes visible only after {@code after(s)} holds.
 *
 * <p>Implementations are thread-safe. {@link #now()} is the hot path and takes no lock in either
 * source; {@link #nextTimestamp()} serialises on a per-instance lock.
 */
public interface TrueTime {
    /** An interval that contains true time, as long as the source's error bound is honest. */
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
     * How long, in microseconds of this node's clock, until {@code after(s)} should hold; 0 when it
     * holds now. An estimate for schedulers: waiters re-check {@link #after} when it elapses.
     */
    default long microsUntilAfter(Timestamp s) {
        long earliest = now().earliestMicros();
        return earliest > s.physicalMicros() ? 0 : s.physicalMicros() - earliest + 1;
    }

    /**
     * Commit wait: returns once {@code after(s)} holds. Sleeps rather than spins; callers on
     * event-loop threads must not call this and use {@link CommitWait} instead.
     */
    void waitUntilAfter(Timestamp s) throws InterruptedException;

    /**
     * A timestamp no earlier than now().latest and strictly greater than any this instance gave
     * out or observed before; what a leader assigns to a commit.
     */
    Timestamp nextTimestamp();

    /**
     * Causality: a timestamp received from a peer moves this clock's logical time forward, so every
     * timestamp issued afterwards is greater.
     *
     * @throws ClockOffsetException when the timestamp is further ahead than an honest peer could be;
     *     the timestamp is then not observed and the caller must refuse the message carrying it
     */
    void observe(Timestamp received) throws ClockOffsetException;

    /**
     * Every timestamp issued afterwards is greater than {@code floor}. For timestamps this node
     * already holds durably (its tablets' newest commit after a restart), not for peer messages:
     * no offset check, because such a timestamp says nothing about a peer's clock now.
     */
    void raiseFloor(Timestamp floor);
}
