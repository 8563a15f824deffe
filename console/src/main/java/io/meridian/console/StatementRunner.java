package io.meridian.console;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;

/** Runs one SQL statement and prints its result, row count and time; errors print without a stack. */
final class StatementRunner {
    private final Connection connection;
    private final PrintStream out;
    /** The statement now executing, for Ctrl-C from the terminal's signal thread. */
    private volatile Statement running;

    StatementRunner(Connection connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    /** Returns false when the statement failed (the error is printed). */
    boolean run(String sql) {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            running = statement;
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
        } catch (RuntimeException e) {
            // A driver bug, not the user's SQL: one line, and the console stays up.
            out.printf(Locale.ROOT, "ERROR: internal error in the driver: %s%n", e);
            return false;
        } finally {
            running = null;
        }
    }

    /**
     * Asks the server to cancel the running statement, if any; the statement then fails with its
     * own error. A connection that cannot cancel says so and the statement runs to its end.
     */
    void cancelRunning() {
        Statement statement = running;
        if (statement == null) {
            return;
        }
        try {
            statement.cancel();
            out.println("Cancel requested.");
        } catch (SQLFeatureNotSupportedException e) {
            out.println("This connection cannot cancel a running statement (" + e.getMessage()
                    + "); it runs to its end.");
        } catch (SQLException e) {
            out.println("Cancel failed: " + e.getMessage());
        }
    }

    static String elapsedSince(long startNanos) {
        double millis = (System.nanoTime() - startNanos) / 1e6;
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
