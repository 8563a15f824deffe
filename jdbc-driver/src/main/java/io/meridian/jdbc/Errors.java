package io.meridian.jdbc;

import io.meridian.rpc.client.Error;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/** Server errors become the SQLException subclass their SQLState class calls for. */
final class Errors {
    private Errors() {
    }

    static SQLException fromServer(Error error) {
        SQLException e = of(error.getSqlState(), error.getMessage(), null);
        if (error.getBatchCountsCount() > 0) {
            return new BatchFailure(e, error.getBatchCountsList().stream().mapToLong(Long::longValue).toArray());
        }
        return e;
    }

    static SQLException of(String sqlState, String message, Throwable cause) {
        String cls = sqlState.length() >= 2 ? sqlState.substring(0, 2) : "";
        SQLException e = switch (cls) {
            case "42" -> new SQLSyntaxErrorException(message, sqlState);
            case "22" -> new SQLDataException(message, sqlState);
            case "23" -> new SQLIntegrityConstraintViolationException(message, sqlState);
            case "40" -> new SQLTransactionRollbackException(message, sqlState);
            case "08" -> new SQLNonTransientConnectionException(message, sqlState);
            case "57" -> sqlState.equals("57014") ? new SQLTimeoutException(message, sqlState)
                    : new SQLTransientConnectionException(message, sqlState);
            case "0A" -> new SQLFeatureNotSupportedException(message, sqlState);
            case "28" -> new java.sql.SQLInvalidAuthorizationSpecException(message, sqlState);
            default -> new SQLException(message, sqlState);
        };
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    static SQLException closed(String what) {
        return new SQLNonTransientConnectionException(what + " is closed", "08003");
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported", "0A000");
    }
}
