package io.meridian.sql;

/**
 * Stops a running statement when the client cancels it or its time runs out. The session's
 * thread arms it around each piece of work (execute, fetch) and calls {@link #check} between
 * rows and table scans; any thread may {@link #cancel}. A cancel that arrives while nothing runs
 * is dropped, as in PostgreSQL: it must not hit the next statement.
 */
final class StatementGuard {
    static final String QUERY_CANCELED = "57014";

    private volatile boolean running;
    private volatile boolean canceled;
    /** Written and read by the session's thread only. */
    private long deadlineNanos;
    private long timeoutMillis;

    /** Starts a piece of work that may run for {@code timeoutMillis} (0: no limit). */
    void arm(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : 0;
        if (canceled) {
            canceled = false; // a volatile write (a fence) only when there is something to clear
        }
        running = true;
    }

    void disarm() {
        running = false;
        if (canceled) {
            canceled = false;
        }
    }

    void cancel() {
        if (running) {
            canceled = true;
        }
    }

    void check() throws SqlStateException {
        if (!running) {
            return;
        }
        if (canceled) {
            throw new SqlStateException(QUERY_CANCELED, "canceling statement due to user request");
        }
        long deadline = deadlineNanos;
        if (deadline != 0 && System.nanoTime() - deadline > 0) {
            throw new SqlStateException(QUERY_CANCELED, "canceling statement due to statement timeout ("
                    + timeoutMillis + " ms)");
        }
    }
}
