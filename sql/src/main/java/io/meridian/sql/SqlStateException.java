package io.meridian.sql;

/**
 * A statement failed in a way the client should see: a SQLState (SQL:2016 / PostgreSQL codes)
 * and a message that names the object involved. The session stays usable.
 */
public final class SqlStateException extends Exception {
    private final String sqlState;

    public SqlStateException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public SqlStateException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
