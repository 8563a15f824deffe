package io.meridian.paxos.core;

/** Checks that stay on in production: a failed invariant is a bug, and the replica stops. */
public final class Invariants {
    private Invariants() {
    }

    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException("invariant violated: " + String.format(format, args));
        }
    }
}
