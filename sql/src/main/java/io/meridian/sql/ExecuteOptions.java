package io.meridian.sql;

/**
 * How a client wants one statement run. {@code firstBatchRows}: rows to produce before returning
 * (inside the statement's retry loop); {@code rowsMax}: 0 for all; {@code timeoutMillis}: 0 for
 * the session's statement_timeout.
 */
public record ExecuteOptions(int firstBatchRows, long rowsMax, long timeoutMillis) {
    public static final ExecuteOptions DEFAULTS = new ExecuteOptions(0, 0, 0);
}
