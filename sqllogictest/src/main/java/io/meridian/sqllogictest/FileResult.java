package io.meridian.sqllogictest;

import java.util.List;
import java.util.Map;

/**
 * What running one script produced: record counts, the failures in script order (each with the
 * SQL, what was expected and what came back), the slowest records, and the records where Meridian
 * deliberately differs from SQLite (neither passed nor failed; see {@link Deviations}), and the
 * guards that skipped records (e.g. {@code onlyif mysql}) with their counts.
 */
public record FileResult(String name, int passed, int failed, int skipped, long elapsedMillis, List<Failure> failures,
        List<Timing> slowest, String abortedBy, List<Difference> differences, Map<String, Integer> skippedBy) {

    /** A record whose outcome a deviation rule excuses, with the rule's category and reason. */
    public record Difference(int line, String category, String reason) {
    }

    /** One failed record. {@code expected}/{@code actual} are rendered result lines or outcomes. */
    public record Failure(int line, String sql, String expected, String actual, String failureClass) {
    }

    /** How long one record took. */
    public record Timing(int line, long millis, String sql) {
    }

    public int differs() {
        return differences.size();
    }

    public int total() {
        return passed + failed + differs() + skipped;
    }

    /** Passed records over the records that ran and were judged (skipped and differing records excluded). */
    public double passRate() {
        int ran = passed + failed;
        return ran == 0 ? 1.0 : (double) passed / ran;
    }

    /** Failure classes and how often each occurred, most frequent first. */
    public Map<String, Integer> failureClasses() {
        return Report.countClasses(failures);
    }
}
