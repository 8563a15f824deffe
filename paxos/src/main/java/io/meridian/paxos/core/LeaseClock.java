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
}
