package io.meridian.storage;

/** Checks that stay on in production: a failure is a bug or corrupt data, and the replica stops. */
final class Invariants {
    private Invariants() {
    }

    static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw violated(format, args);
        }
    }

    /**
     * For checks on the per-row path, written {@code if (!condition) throw violated(...)}, so the
     * arguments are boxed only when the check fails.
     */
    static StorageException violated(String format, Object... args) {
        return new StorageException("storage invariant violated: " + String.format(format, args));
    }
}
