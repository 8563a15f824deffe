package io.meridian.sqllogictest;

import java.util.List;
import java.util.Map;

/**
 * What running one script produced: record counts, the failures in script order (each with the
 * SQL, what was expected and what came back), and the slowest records.
 */
public record FileResult(String name, int passed, int failed, int skipped, long elapsedMillis, List<Failure> failures,
        List<Timing> slowest, String abortedBy) {

    /** One failed record. {@code expected}/{@code actual} are rendered result lines or outcomes. */
    public record Failure(int line, String sql, String expected, String actual, String failureClass) {
    }

    /** How long one record took. */
    public record Timing(int line, long millis, String sql) {
    }

    public int total() {
        return passed + failed + skipped;
    }

    /** Passed records over the records that ran (skipped records excluded). */
    public double passRate() {
        int ran = passed + failed;
        return ran == 0 ? 1.0 : (double) passed / ran;
    }

    /** Failure classes and how often each occurred, most frequent first. */
    public Map<String, Integer> failureClasses() {
        return Report.countClasses(failures);
    }
}
