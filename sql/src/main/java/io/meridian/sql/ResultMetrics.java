package io.meridian.sql;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What query results cost the server, across all sessions of one engine: rows read from plans,
 * and the most rows one cursor ever held in memory at once (its look-ahead plus the batch being
 * sent, or everything it had to buffer when another statement needed the session), and how often
 * a query found its plan in the shared plan cache.
 */
public final class ResultMetrics {
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rowsHeldPerCursorMax = new AtomicLong();
    private final AtomicLong sharedPlanHits = new AtomicLong();
    private final AtomicLong sharedPlanMisses = new AtomicLong();

    void rowsRead(long rows) {
        if (rows > 0) {
            rowsRead.addAndGet(rows);
        }
    }

    void held(long rows) {
        rowsHeldPerCursorMax.accumulateAndGet(rows, Math::max);
    }

    void sharedPlanLookup(boolean hit) {
        (hit ? sharedPlanHits : sharedPlanMisses).incrementAndGet();
    }

    /** Query executions that ran a shared plan without planning (found in the session's memo or the engine's cache). */
    public long sharedPlanHits() {
        return sharedPlanHits.get();
    }

    /** Query executions that planned (no shared plan for their text and catalog version). */
    public long sharedPlanMisses() {
        return sharedPlanMisses.get();
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    public long rowsHeldPerCursorMax() {
        return rowsHeldPerCursorMax.get();
    }
}
