package io.meridian.sql.exec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.calcite.SqlStateRuntimeException;
import io.meridian.sql.dialect.ReservedWords;
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
    /** How deep in a stack the runtime function that refused a value may be (below Calcite's error helpers). */
    private static final int EVALUATION_FRAMES_MAX = 4;
    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']*)' not found.*");
    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found in (?:any table|table '([^']*)').*");
    private static final Pattern NO_DEFAULT = Pattern.compile("Column '([^']*)' has no default value and does not allow NULLs.*");
    private static final Pattern UNKNOWN_TARGET = Pattern.compile("Unknown target column '([^']*)'.*");
    private static final Pattern TARGET_TWICE = Pattern.compile("Target column '([^']*)' is assigned more than once.*");
    /** Calcite's words for a statement it knows but cannot parse, e.g. TRUNCATE or GRANT. */
    private static final Pattern LEADING_KEYWORD = Pattern.compile("Incorrect syntax near the keyword '([A-Za-z]+)' at line 1, column 1\\.");
    private static final Pattern ENCOUNTERED_WORD = Pattern.compile("^Encountered \"(?:\\. )?([A-Za-z_]+)\\b");
    /** Keywords that shape a statement: a parse error at one is about structure, not a name, unless a name was expected. */
    private static final java.util.Set<String> STRUCTURE_WORDS = java.util.Set.of("SELECT", "INSERT", "UPDATE", "DELETE",
            "MERGE", "UPSERT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "BY", "LIMIT", "OFFSET", "FETCH", "UNION",
            "INTERSECT", "EXCEPT", "JOIN", "ON", "USING", "AND", "OR", "NOT", "SET", "VALUES", "INTO", "AS", "CASE", "WHEN",
            "THEN", "ELSE", "END", "WITH", "IN", "IS", "NULL", "BETWEEN", "LIKE", "DISTINCT", "ALL");
    private static final Pattern DIGITS = Pattern.compile("For input string: \"([-+]?[0-9]+)\".*");
    /** What Calcite's runtime throws for a function applied to a value outside its domain. */
    private static final String[][] EVALUATION_ERRORS = {
        {"more than one value in agg SINGLE_VALUE", "21000", "more than one row returned by a subquery used as an expression"},
        {"Substring error", "22011", null},
        {"Cannot take logarithm", "2201E", null},
        {"Invalid escape character", "22019", null},
        {"Invalid escape sequence", "22025", null},
        {"Invalid character for cast", SqlStates.INVALID_TEXT_REPRESENTATION, null},
        {"field is out of range", "22008", null},
        {"Invalid DATE", "22007", null},
        {"Invalid TIME", "22007", null},
        {"Invalid TIMESTAMP", "22007", null},
    };
    /** Classes whose exceptions are about the values a statement computed with, not about Meridian. */
    private static final String[] EVALUATION_CLASSES = {"org.apache.calcite.runtime.", "org.apache.calcite.avatica.util.DateTimeUtils"};

    private ErrorMapper() {
    }

    public static SqlStateException map(Throwable error) {
        SqlStateException limit = limitExceeded(error);
        if (limit != null) {
            return limit;
        }
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
                return parse(e);
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
                        : new SqlStateException(SqlStates.NUMERIC_OUT_OF_RANGE, overflow(message), e);
            }
            if (t instanceof NumberFormatException e) {
                return number(e);
            }
            SqlStateException evaluation = evaluation(t);
            if (evaluation != null) {
                return evaluation;
            }
        }
        return new SqlStateException(SqlStates.INTERNAL_ERROR, "internal error: " + firstLine(String.valueOf(error))
                + rootCause(error), error);
    }

    private static SqlStateException parse(SqlParseException e) {
        String message = firstLine(e.getMessage());
        Matcher m = LEADING_KEYWORD.matcher(message);
        if (m.matches()) {
            String keyword = m.group(1).toUpperCase(java.util.Locale.ROOT);
            return new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED, keyword + " statements are not supported"
                    + (keyword.equals("TRUNCATE") ? "; use DELETE FROM table" : ""), e);
        }
        if (message.startsWith("Non-query expression encountered in illegal context")) {
            return new SqlStateException(SqlStates.SYNTAX_ERROR, "syntax error: the statement does not start with a"
                    + " command Meridian knows (SELECT, INSERT, UPDATE, DELETE, UPSERT, CREATE, DROP, ALTER, EXPLAIN...)", e);
        }
        boolean nameExpected = e.getExpectedTokenNames() != null
                && e.getExpectedTokenNames().stream().anyMatch(t -> t.contains("IDENTIFIER"));
        return new SqlStateException(SqlStates.SYNTAX_ERROR, message.isBlank() ? "syntax error"
                : message + reservedWordHint(message, nameExpected), e);
    }

    /** For a parse error at a reserved word where a name could stand: it may be meant as one, which needs quotes. */
    private static String reservedWordHint(String message, boolean nameExpected) {
        Matcher m = ENCOUNTERED_WORD.matcher(message);
        String word = m.find() ? m.group(1).toUpperCase(java.util.Locale.ROOT) : "";
        if (ReservedWords.isReserved(word) && (nameExpected || !STRUCTURE_WORDS.contains(word))) {
            return " (" + word + " is a reserved word; if it is meant as a name, quote it: \"" + word + "\")";
        }
        return "";
    }

    /** Java's words for an overflow, in SQL's: which type's range the value left. */
    private static String overflow(String message) {
        return switch (message) {
            case "integer overflow" -> "integer out of range (INTEGER arithmetic overflowed)";
            case "long overflow" -> "bigint out of range (BIGINT arithmetic overflowed)";
            case "Overflow" -> "numeric value out of range for its type";
            default -> message;
        };
    }

    private static SqlStateException number(NumberFormatException e) {
        String message = String.valueOf(e.getMessage());
        Matcher digits = DIGITS.matcher(message);
        if (digits.matches() || message.contains("out of range")) {
            return new SqlStateException(SqlStates.NUMERIC_OUT_OF_RANGE, "value out of range for its type: "
                    + (digits.matches() ? digits.group(1) : message), e);
        }
        return new SqlStateException(SqlStates.INVALID_TEXT_REPRESENTATION, "invalid number: " + message, e);
    }

    /**
     * A statement too deeply nested for the parser's or planner's recursion, or too large for the
     * JVM's 64 KB method limit once compiled (a VALUES list of thousands of rows), is the
     * statement's limit, not a server fault: 54001 says so and what to do instead.
     */
    private static SqlStateException limitExceeded(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return new SqlStateException("54001", "statement too complex: its expressions are nested too deeply"
                        + " (thousands of OR terms, hundreds of chained + or deep parentheses); use IN (...) or split it",
                        error);
            }
            String name = t.getClass().getName();
            if (name.startsWith("org.codehaus.janino.") || name.startsWith("org.codehaus.commons.compiler.")) {
                String root = firstLine(String.valueOf(rootOf(t).getMessage()));
                if (root.contains("64 KB") || root.contains("too large") || root.contains("too many constants")) {
                    return new SqlStateException("54001", "statement too large to compile (" + root
                            + "); insert at most about 1,000 rows per VALUES list, or use a batch of prepared"
                            + " statements", error);
                }
            }
        }
        return null;
    }

    private static Throwable rootOf(Throwable error) {
        Throwable root = error;
        for (int depth = 0; depth < CAUSE_DEPTH_MAX && root.getCause() != null; depth++) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * An exception thrown while evaluating an expression on a value (Calcite's SQL runtime,
     * date parsing, or generated code folding a constant): a data exception (class 22) or a
     * cardinality violation, named by its message.
     */
    private static SqlStateException evaluation(Throwable t) {
        if (!(t instanceof RuntimeException)) {
            return null;
        }
        String message = firstLine(String.valueOf(t.getMessage()));
        for (String[] known : EVALUATION_ERRORS) {
            if (message.contains(known[0])) {
                return new SqlStateException(known[1], known[2] != null ? known[2] : message, t);
            }
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t.getClass().getName().equals("org.apache.calcite.runtime.CalciteException")) {
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(EVALUATION_FRAMES_MAX, stack.length); i++) {
                for (String evaluating : EVALUATION_CLASSES) {
                    if (stack[i].getClassName().startsWith(evaluating)) {
                        return new SqlStateException("22023", "invalid argument: " + message, t);
                    }
                }
            }
        }
        return null;
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
        m = UNKNOWN_TARGET.matcher(message);
        if (m.matches()) {
            return new SqlStateException(SqlStates.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist" + where, t);
        }
        m = TARGET_TWICE.matcher(message);
        if (m.matches()) {
            return new SqlStateException("42701", "column \"" + m.group(1) + "\" assigned more than once" + where, t);
        }
        if (message.startsWith("Number of INSERT target columns")) {
            return new SqlStateException(SqlStates.SYNTAX_ERROR, message + where, t);
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
