package io.meridian.paxos.sim;

/** A checked property failed: a bug in the protocol (or in the checker). */
final class SafetyViolation extends AssertionError {
    private static final long serialVersionUID = 1L;

    SafetyViolation(String message) {
        super(message);
    }
}
