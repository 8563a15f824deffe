package io.meridian.storage;

/** Checks that stay on in production: a failure is a bug or corrupt data, and the replica stops. */
final class Invariants {
    private Invariants() {
    }

    static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new StorageException("storage invariant violated: " + String.format(format, args));
        }
    }
}
