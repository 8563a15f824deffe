package io.meridian.sql.calcite;

import io.meridian.sql.SqlStateException;

/**
 * Carries a {@link SqlStateException} through Calcite's generated code, which cannot throw
 * checked exceptions; the session unwraps it.
 */
public final class SqlStateRuntimeException extends RuntimeException {
    public SqlStateRuntimeException(SqlStateException cause) {
        super(cause.getMessage(), cause);
    }

    public SqlStateException sqlStateException() {
        return (SqlStateException) getCause();
    }
}
