package io.meridian.sqllogictest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the records of one script on one JDBC connection, in order, and judges each: a statement
 * must succeed or fail as the record says; a query must return exactly the expected values (or
 * values with the expected hash), in the engine's order unless the record asks for a sort. Every
 * record is attempted even after a failure, so one bug does not hide the next.
 */
public final class ScriptRunner {
    /** The engine name guards are matched against: {@code onlyif meridian}, {@code skipif meridian}. */
    public static final String ENGINE = "meridian";
    static final int SLOWEST_KEPT = 5;
    static final int ACTUAL_VALUES_SHOWN_MAX = 60;
    private static final Pattern HASH_LINE = Pattern.compile("\\d+ values hashing to [0-9a-f]{32}");

    private final Connection connection;
    private final Deviations deviations;
    private String script = "";
    private final Map<String, String> labelHashes = new HashMap<>();
    private final List<FileResult.Failure> failures = new ArrayList<>();
    private final List<FileResult.Difference> differences = new ArrayList<>();
    private final Map<String, Integer> skippedBy = new java.util.TreeMap<>();
    private final List<FileResult.Timing> timings = new ArrayList<>();
    private int hashThreshold;
    private int passed;
    private int failed;
    private int skipped;

    /** A runner that counts every unexpected outcome as a failure. */
    public ScriptRunner(Connection connection) {
        this(connection, Deviations.NONE);
    }

    /** A runner that reports the outcomes {@code deviations} excuses as differences, with their reasons. */
    public ScriptRunner(Connection connection, Deviations deviations) {
        this.connection = connection;
        this.deviations = deviations;
    }

    /** Runs {@code records} (of the script called {@code name}) and returns the tally. */
    public FileResult run(String name, List<Record> records) {
        script = name;
        long start = System.nanoTime();
        String abortedBy = null;
        for (Record record : records) {
            java.util.Optional<Record.Condition> guard = record.conditions().stream().filter(c -> !c.allows(ENGINE)).findFirst();
            if (guard.isPresent()) {
                if (record instanceof Record.Statement || record instanceof Record.Query) {
                    skipped++;
                    skippedBy.merge((guard.get().onlyIf() ? "onlyif " : "skipif ") + guard.get().engine(), 1, Integer::sum);
                }
                continue;
            }
            if (record instanceof Record.Halt) {
                break;
            }
            if (record instanceof Record.HashThreshold h) {
                hashThreshold = h.threshold();
                continue;
            }
            long recordStart = System.nanoTime();
            try {
                if (record instanceof Record.Statement s) {
                    statement(s);
                } else {
                    query((Record.Query) record);
                }
            } catch (RuntimeException e) {
                // A driver bug must not stop the run: record it against this record and go on.
                fail(record.line(), sqlOf(record), "no exception", e.toString(), "runner: " + e.getClass().getSimpleName(),
                        "runner");
            }
            timings.add(new FileResult.Timing(record.line(), (System.nanoTime() - recordStart) / 1_000_000, sqlOf(record)));
            if (isClosed()) {
                abortedBy = "connection closed after line " + record.line();
                break;
            }
        }
        timings.sort(Comparator.comparingLong(FileResult.Timing::millis).reversed());
        return new FileResult(name, passed, failed, skipped, (System.nanoTime() - start) / 1_000_000, List.copyOf(failures),
                List.copyOf(timings.subList(0, Math.min(SLOWEST_KEPT, timings.size()))), abortedBy, List.copyOf(differences),
                Map.copyOf(skippedBy));
    }

    private void statement(Record.Statement record) {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(record.sql())) {
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        // Drain: a statement record only checks that the statement runs.
                    }
                }
            }
            if (record.expectError()) {
                fail(record.line(), record.sql(), "an error", "success", "statement succeeded but should fail", "success");
            } else {
                passed++;
            }
        } catch (SQLException e) {
            if (record.expectError()) {
                passed++;
            } else {
                fail(record.line(), record.sql(), "success", describe(e), errorClass(e), e.getSQLState());
            }
        }
    }

    private void query(Record.Query record) {
        List<String> values = new ArrayList<>();
        int columns;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(record.sql())) {
            ResultSetMetaData meta = rs.getMetaData();
            columns = meta.getColumnCount();
            if (columns != record.types().length()) {
                fail(record.line(), record.sql(), record.types().length() + " columns (" + record.types() + ")",
                        columns + " columns", "wrong column count", Deviations.RESULT);
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 0; i < columns; i++) {
                    row.add(ValueRenderer.render(rs.getObject(i + 1), record.types().charAt(i)));
                }
                rows.add(row);
            }
            values = ordered(rows, record.sort());
        } catch (SQLException e) {
            fail(record.line(), record.sql(), expectedText(record), describe(e), errorClass(e), e.getSQLState());
            return;
        }
        String actualHash = ResultHasher.hashLine(values);
        if (record.expected() != null && !matches(record.expected(), values, actualHash)) {
            boolean hashed = isHashLine(record.expected()) || (hashThreshold > 0 && values.size() > hashThreshold);
            fail(record.line(), record.sql(), expectedText(record), actualText(values, actualHash, hashed), "wrong result",
                    Deviations.RESULT);
            return;
        }
        if (record.label() != null) {
            String earlier = labelHashes.putIfAbsent(record.label(), actualHash);
            if (earlier != null && !earlier.equals(actualHash)) {
                fail(record.line(), record.sql(), "same result as earlier queries of " + record.label() + ": " + earlier,
                        actualText(values, actualHash, true), "label mismatch", Deviations.RESULT);
                return;
            }
        }
        passed++;
    }

    /** Row-major values after the record's sort (strcmp order of the rendered text). */
    static List<String> ordered(List<List<String>> rows, Record.SortMode sort) {
        List<String> values = new ArrayList<>();
        if (sort == Record.SortMode.ROWSORT) {
            rows.sort(ScriptRunner::compareRows);
        }
        rows.forEach(values::addAll);
        if (sort == Record.SortMode.VALUESORT) {
            values.sort(ScriptRunner::compareText);
        }
        return values;
    }

    private static int compareRows(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareText(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** strcmp: rendered values are printable ASCII, where char order is byte order. */
    private static int compareText(String a, String b) {
        return a.compareTo(b);
    }

    /** A one-line "N values hashing to H" block is compared by hash; otherwise value by value. */
    static boolean matches(List<String> expected, List<String> values, String actualHash) {
        if (isHashLine(expected)) {
            return expected.get(0).equals(actualHash);
        }
        return expected.equals(values);
    }

    private static boolean isHashLine(List<String> expected) {
        return expected.size() == 1 && HASH_LINE.matcher(expected.get(0)).matches();
    }

    private static String actualText(List<String> values, String hash, boolean hashed) {
        StringBuilder out = new StringBuilder();
        if (hashed) {
            out.append(hash).append('\n');
        }
        int shown = Math.min(values.size(), ACTUAL_VALUES_SHOWN_MAX);
        out.append(String.join("\n", values.subList(0, shown)));
        if (shown < values.size()) {
            out.append("\n... (").append(values.size() - shown).append(" more values)");
        }
        return values.isEmpty() ? "(no rows)" : out.toString();
    }

    private static String expectedText(Record.Query record) {
        if (record.expected() == null) {
            return "(not checked)";
        }
        return record.expected().isEmpty() ? "(no rows)" : String.join("\n", record.expected());
    }

    /**
     * Records a record's unexpected {@code outcome} (its SQLState, {@link Deviations#RESULT}, ...):
     * a difference when a deviation rule excuses exactly that outcome there, else a failure.
     */
    private void fail(int line, String sql, String expected, String actual, String failureClass, String outcome) {
        java.util.Optional<String> category = deviations.match(script, line, sql, String.valueOf(outcome));
        if (category.isPresent()) {
            differences.add(new FileResult.Difference(line, category.get(), deviations.reason(category.get())));
            return;
        }
        failed++;
        failures.add(new FileResult.Failure(line, sql, expected, actual, failureClass));
    }

    private static String describe(SQLException e) {
        return "error [" + e.getSQLState() + "] " + e.getMessage();
    }

    /** Errors of one kind share a class: the SQLState and the message with names and numbers blanked. */
    static String errorClass(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        message = message.replaceAll("\"[^\"]*\"", "\"_\"").replaceAll("'[^']*'", "'_'")
                .replaceAll("\\(line \\d+, column \\d+\\)", "").replaceAll("\\d+", "N");
        if (message.length() > 120) {
            message = message.substring(0, 120) + "...";
        }
        return "error " + e.getSQLState() + ": " + message.strip();
    }

    private static String sqlOf(Record record) {
        if (record instanceof Record.Statement s) {
            return s.sql();
        }
        return record instanceof Record.Query q ? q.sql() : "";
    }

    private boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
