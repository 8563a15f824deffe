package io.meridian.console;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Runs one SQL statement and prints its result, row count and time; errors print without a stack. */
final class StatementRunner {
    private final Connection connection;
    private final PrintStream out;

    StatementRunner(Connection connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    /** Returns false when the statement failed (the error is printed). */
    boolean run(String sql) {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            boolean isQuery = statement.execute(sql);
            String elapsed = elapsedSince(start);
            if (isQuery) {
                int rows = TablePrinter.print(statement.getResultSet(), out);
                out.printf(Locale.ROOT, "(%d row%s, %s)%n", rows, rows == 1 ? "" : "s", elapsedSince(start));
            } else {
                long count = statement.getLargeUpdateCount();
                out.printf(Locale.ROOT, "OK, %d row%s affected (%s)%n", count, count == 1 ? "" : "s", elapsed);
            }
            return true;
        } catch (SQLException e) {
            out.printf(Locale.ROOT, "ERROR [%s]: %s%n", e.getSQLState(), e.getMessage());
            return false;
        }
    }

    static String elapsedSince(long startNanos) {
        double millis = (System.nanoTime() - startNanos) / 1e6;
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
