package io.meridian.truetime;

/**
 * A peer's timestamp is further ahead of this node's clock than the configured offset bound
 * allows: one of the two clocks is outside its bound, so neither interval can be trusted. The
 * message carrying the timestamp must be refused (not retried as is); the operator fixes the clock.
 * Unchecked so that {@link TrueTime#observe} keeps its signature; callers that receive peer
 * timestamps catch it and answer the peer with an error.
 */
public final class ClockOffsetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Timestamp received;
    private final long localLatestMicros;
    private final long aheadMicrosMax;

    public ClockOffsetException(Timestamp received, long localLatestMicros, long aheadMicrosMax) {
        super("refusing peer timestamp " + received + ": it is " + (received.physicalMicros() - localLatestMicros)
                + " us ahead of this node's latest " + localLatestMicros + ", more than the " + aheadMicrosMax
                + " us two clocks within maxOffset of true time can disagree by; a clock is outside its bound");
        this.received = received;
        this.localLatestMicros = localLatestMicros;
        this.aheadMicrosMax = aheadMicrosMax;
    }

    public Timestamp received() {
        return received;
    }

    public long localLatestMicros() {
        return localLatestMicros;
    }

    /** How far ahead of the local latest a peer timestamp may be. */
    public long aheadMicrosMax() {
        return aheadMicrosMax;
    }

    public long aheadMicros() {
        return received.physicalMicros() - localLatestMicros;
    }
}
