package io.meridian.txn;

/** Checks that stay on in production. */
final class Invariants {
    private Invariants() {
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("invariant violated: " + message);
        }
    }
}
