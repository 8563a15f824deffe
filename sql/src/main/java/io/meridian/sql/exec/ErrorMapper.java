package io.meridian.sql.exec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.calcite.SqlStateRuntimeException;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;

/** Turns whatever a statement threw into a SQLState and a message that names the object. */
public final class ErrorMapper {
    private static final int CAUSE_DEPTH_MAX = 32;
    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']*)' not found.*");
    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found in (?:any table|table '([^']*)').*");
    private static final Pattern NO_DEFAULT = Pattern.compile("Column '([^']*)' has no default value and does not allow NULLs.*");

    private ErrorMapper() {
    }

    public static SqlStateException map(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SqlStateException e) {
                return e;
            }
            if (t instanceof SqlStateRuntimeException e) {
                return e.sqlStateException();
            }
            if (t instanceof TxnAbortedException e) {
                return new SqlStateException(SqlStates.SERIALIZATION_FAILURE, "transaction aborted, retry it: " + e.getMessage(), e);
            }
            if (t instanceof TxnUnavailableException e) {
                return new SqlStateException(e.outcomeUnknown() ? SqlStates.COMPLETION_UNKNOWN : "57P03", e.getMessage(), e);
            }
            if (t instanceof SqlParseException e) {
                return new SqlStateException(SqlStates.SYNTAX_ERROR, firstLine(e.getMessage()), e);
            }
            if (t instanceof SqlValidatorException || t instanceof CalciteContextException) {
                SqlStateException mapped = validation(t);
                if (mapped != null) {
                    return mapped;
                }
            }
            if (t instanceof ArithmeticException e) {
                String message = String.valueOf(e.getMessage());
                return message.contains("by zero")
                        ? new SqlStateException(SqlStates.DIVISION_BY_ZERO, "division by zero", e)
                        : new SqlStateException(SqlStates.NUMERIC_OUT_OF_RANGE, message, e);
            }
            if (t instanceof NumberFormatException e) {
                return new SqlStateException(SqlStates.INVALID_TEXT_REPRESENTATION, "invalid number: " + e.getMessage(), e);
            }
        }
        return new SqlStateException(SqlStates.INTERNAL_ERROR, "internal error: " + firstLine(String.valueOf(error))
                + rootCause(error), error);
    }

    /**
     * The innermost cause of an internal error, which is the useful part of a report ("Error while
     * preparing statement" says nothing); Calcite attaches code generation failures as suppressed.
     */
    private static String rootCause(Throwable error) {
        Throwable root = error;
        for (int depth = 0; depth < CAUSE_DEPTH_MAX; depth++) {
            if (root.getCause() != null) {
                root = root.getCause();
            } else if (root.getSuppressed().length > 0) {
                root = root.getSuppressed()[0];
            } else {
                break;
            }
        }
        return root == error ? "" : " (caused by " + firstLine(String.valueOf(root)) + ")";
    }

    private static SqlStateException validation(Throwable t) {
        // The innermost validator message is the precise one; Calcite wraps it with a position.
        Throwable inner = t;
        while (inner.getCause() instanceof SqlValidatorException || inner.getCause() instanceof CalciteContextException) {
            inner = inner.getCause();
        }
        String message = firstLine(inner.getMessage());
        String where = t instanceof CalciteContextException c && c.getPosLine() > 0
                ? " (line " + c.getPosLine() + ", column " + c.getPosColumn() + ")" : "";
        Matcher m = OBJECT_NOT_FOUND.matcher(message);
        if (m.matches()) {
            return new SqlStateException(SqlStates.UNDEFINED_TABLE, "table \"" + m.group(1) + "\" does not exist" + where, t);
        }
        m = COLUMN_NOT_FOUND.matcher(message);
        if (m.matches()) {
            String table = m.group(2) == null ? "" : " in table \"" + m.group(2) + "\"";
            return new SqlStateException(SqlStates.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist" + table + where, t);
        }
        m = NO_DEFAULT.matcher(message);
        if (m.matches()) {
            return new SqlStateException(SqlStates.NOT_NULL_VIOLATION, "column \"" + m.group(1)
                    + "\" has no default value and does not allow NULLs" + where, t);
        }
        if (message.startsWith("No match found for function signature")) {
            return new SqlStateException("42883", message + where, t);
        }
        if (message.startsWith("Cannot apply") || message.contains("type mismatch") || message.startsWith("Cannot assign")) {
            return new SqlStateException("42804", message + where, t);
        }
        return new SqlStateException(SqlStates.SYNTAX_OR_ACCESS_RULE, message + where, t);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
