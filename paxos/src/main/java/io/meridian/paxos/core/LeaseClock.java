package io.meridian.paxos.core;

import io.meridian.truetime.TimeInterval;

/**
 * TrueTime as the core sees it: an interval that contains true time. The driver passes the node's
 * TrueTime; the simulation passes a per-node clock skewed within epsilon. The core only ever asks
 * for the interval, never for a bare clock reading, so every lease bound is conservative.
 */
@FunctionalInterface
public interface LeaseClock {
    TimeInterval now();

    /**
     * True when every replica of the group runs in this process (the embedded database): they
     * start and die together, so no lease granted before this start can still be held, and a
     * starting replica need not wait one out before voting.
     */
    default boolean groupSharesProcess() {
        return false;
    }

    /** {@code clock} for a group whose replicas all live in this process; see {@link #groupSharesProcess}. */
    static LeaseClock inProcessGroup(LeaseClock clock) {
        return new LeaseClock() {
            @Override
            public TimeInterval now() {
                return clock.now();
            }

            @Override
            public boolean groupSharesProcess() {
                return true;
            }
        };
    }
}
