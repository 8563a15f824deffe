package io.meridian.sql;

/** What a statement produced: an update count, or an open cursor over its rows. */
public record StatementOutcome(long updateCount, QueryCursor cursor) {
    static StatementOutcome of(StatementResult result) {
        return new StatementOutcome(result.updateCount(), null);
    }

    public boolean isQuery() {
        return cursor != null;
    }
}
