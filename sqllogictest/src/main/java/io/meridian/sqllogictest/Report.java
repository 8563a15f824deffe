package io.meridian.sqllogictest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The per-file pass/fail/skip table and the failure listing, as text. */
public final class Report {
    private Report() {
    }

    /**
     * One line per file and a total line: passed, failed, differs (deliberate differences from
     * SQLite), skipped (guards for other engines), pass rate over passed + failed, and the strict
     * rate that counts differences as failures, seconds.
     */
    public static String table(List<FileResult> results) {
        StringBuilder out = new StringBuilder();
        int width = Math.max(10, results.stream().mapToInt(r -> r.name().length()).max().orElse(10));
        String format = "%-" + width + "s %7s %7s %7s %7s %8s %8s %8s%n";
        out.append(String.format(format, "file", "passed", "failed", "differs", "skipped", "pass %", "strict %", "seconds"));
        int passed = 0;
        int failed = 0;
        int differs = 0;
        int skipped = 0;
        long millis = 0;
        for (FileResult r : results) {
            out.append(String.format(format, r.name(), r.passed(), r.failed(), r.differs(), r.skipped(), percent(r.passRate()),
                    percent(rate(r.passed(), r.passed() + r.failed() + r.differs())), seconds(r.elapsedMillis())));
            passed += r.passed();
            failed += r.failed();
            differs += r.differs();
            skipped += r.skipped();
            millis += r.elapsedMillis();
        }
        out.append(String.format(format, "total", passed, failed, differs, skipped, percent(rate(passed, passed + failed)),
                percent(rate(passed, passed + failed + differs)), seconds(millis)));
        return out.toString();
    }

    private static double rate(int passed, int judged) {
        return judged == 0 ? 1 : (double) passed / judged;
    }

    /**
     * The table, then for each file its failure classes with counts, its slowest records, and its
     * first {@code failuresPerFileMax} failures with SQL, expected and actual.
     */
    public static String full(List<FileResult> results, int failuresPerFileMax) {
        StringBuilder out = new StringBuilder(table(results));
        Map<String, Integer> overall = new TreeMap<>();
        for (FileResult r : results) {
            r.failureClasses().forEach((k, v) -> overall.merge(k, v, Integer::sum));
        }
        out.append("\nfailure classes, all files:\n");
        sortedByCount(overall).forEach((k, v) -> out.append(String.format("  %5d  %s%n", v, k)));
        Map<String, Integer> differing = new TreeMap<>();
        Map<String, String> reasons = new TreeMap<>();
        for (FileResult r : results) {
            for (FileResult.Difference d : r.differences()) {
                differing.merge(d.category(), 1, Integer::sum);
                reasons.put(d.category(), d.reason());
            }
        }
        out.append("\ndeliberate differences from SQLite, all files (not counted as failures):\n");
        sortedByCount(differing).forEach((k, v) -> out.append(String.format("  %5d  %s: %s%n", v, k, reasons.get(k))));
        for (FileResult r : results) {
            out.append("\n==== ").append(r.name()).append(": ").append(r.passed()).append(" passed, ").append(r.failed())
                    .append(" failed, ").append(r.differs()).append(" differ, ").append(r.skipped()).append(" skipped\n");
            if (r.abortedBy() != null) {
                out.append("  aborted: ").append(r.abortedBy()).append('\n');
            }
            r.failureClasses().forEach((k, v) -> out.append(String.format("  %5d  %s%n", v, k)));
            if (!r.skippedBy().isEmpty()) {
                out.append("  skipped by guards for other engines:");
                new TreeMap<>(r.skippedBy()).forEach((k, v) -> out.append(' ').append(k).append(" (").append(v).append(')'));
                out.append('\n');
            }
            if (!r.differences().isEmpty()) {
                out.append("  differ:");
                r.differences().forEach(d -> out.append(" line ").append(d.line()).append(" (").append(d.category()).append(')'));
                out.append('\n');
            }
            out.append("  slowest:");
            r.slowest().forEach(t -> out.append(" line ").append(t.line()).append(" (").append(t.millis()).append(" ms)"));
            out.append('\n');
            List<FileResult.Failure> shown = r.failures().subList(0, Math.min(failuresPerFileMax, r.failures().size()));
            for (FileResult.Failure f : shown) {
                out.append("\n-- ").append(r.name()).append(':').append(f.line()).append("  [").append(f.failureClass())
                        .append("]\n").append(f.sql()).append("\n-- expected:\n").append(f.expected())
                        .append("\n-- actual:\n").append(f.actual()).append('\n');
            }
            if (shown.size() < r.failures().size()) {
                out.append("\n(").append(r.failures().size() - shown.size()).append(" more failures not listed)\n");
            }
        }
        return out.toString();
    }

    public static void write(Path file, List<FileResult> results, int failuresPerFileMax) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, full(results, failuresPerFileMax), StandardCharsets.UTF_8);
    }

    static Map<String, Integer> countClasses(List<FileResult.Failure> failures) {
        Map<String, Integer> counts = new TreeMap<>();
        failures.forEach(f -> counts.merge(f.failureClass(), 1, Integer::sum));
        return sortedByCount(counts);
    }

    private static Map<String, Integer> sortedByCount(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static String percent(double rate) {
        return String.format("%.2f", rate * 100);
    }

    private static String seconds(long millis) {
        return String.format("%.1f", millis / 1000.0);
    }
}
