package io.meridian.sql;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What query results cost the server, across all sessions of one engine: rows read from plans,
 * and the most rows one cursor ever held in memory at once (its look-ahead plus the batch being
 * sent, or everything it had to buffer when another statement needed the session).
 */
public final class ResultMetrics {
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rowsHeldPerCursorMax = new AtomicLong();

    void rowRead() {
        rowsRead.incrementAndGet();
    }

    void held(long rows) {
        rowsHeldPerCursorMax.accumulateAndGet(rows, Math::max);
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    public long rowsHeldPerCursorMax() {
        return rowsHeldPerCursorMax.get();
    }
}
