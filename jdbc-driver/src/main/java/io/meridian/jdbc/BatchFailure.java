package io.meridian.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/** A server error for a batch, carrying the update counts of the rows that ran before it. */
final class BatchFailure extends SQLException {
    private final long[] counts;

    BatchFailure(SQLException cause, long[] counts) {
        super(cause.getMessage(), cause.getSQLState(), cause);
        this.counts = counts;
    }

    BatchUpdateException toBatchUpdateException() {
        return new BatchUpdateException(getMessage(), getSQLState(), 0, counts, getCause());
    }
}
