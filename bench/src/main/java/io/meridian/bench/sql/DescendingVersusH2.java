package io.meridian.bench.sql;

import io.meridian.bench.report.TextTable;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link DescendingScanBenchmark} for Meridian and H2 in one JMH run and prints mean, p50
 * and p99 per statement, the Meridian/H2 ratios, and per engine the ratio of the full scan and
 * sort ({@code latest10Sorted}) to the descending read ({@code latest10}). Arguments (all
 * optional): {@code --rows N --warmup-seconds S --measure-seconds S --iterations N --jmh-log FILE}.
 */
public final class DescendingVersusH2 {
    private static final String[] METHODS = {"latest10", "latest10Sorted", "maxId"};

    private DescendingVersusH2() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = SqlVersusH2.parse(args);
        int rows = Integer.parseInt(options.getOrDefault("--rows", "20000"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("--warmup-seconds", "3"));
        int measureSeconds = Integer.parseInt(options.getOrDefault("--measure-seconds", "3"));
        int iterations = Integer.parseInt(options.getOrDefault("--iterations", "3"));
        if (rows <= DescendingScanBenchmark.LATEST_ROWS * 2) {
            throw new IllegalArgumentException("--rows must be more than " + DescendingScanBenchmark.LATEST_ROWS * 2);
        }
        Collection<RunResult> results = SqlVersusH2.runBothEngines(DescendingScanBenchmark.class, rows, warmupSeconds,
                measureSeconds, iterations, options.get("--jmh-log"));
        System.out.println();
        System.out.println(table(results, rows));
    }

    static String table(Collection<RunResult> results, int rows) {
        Map<String, Statistics> byKey = new HashMap<>();
        for (RunResult run : results) {
            String method = run.getParams().getBenchmark().replaceAll(".*\\.", "");
            byKey.put(method + "/" + run.getParams().getParam("engine"), run.getPrimaryResult().getStatistics());
        }
        TextTable table = new TextTable("statement", "engine", "mean us", "p50 us", "p99 us", "samples");
        TextTable ratios = new TextTable("statement", "mean", "p50", "p99");
        for (String method : METHODS) {
            double[] meridian = figures(byKey.get(method + "/meridian"));
            double[] h2 = figures(byKey.get(method + "/h2"));
            table.row(method, "meridian", TextTable.number(meridian[0]), TextTable.number(meridian[1]),
                    TextTable.number(meridian[2]), (long) meridian[3]);
            table.row(method, "h2", TextTable.number(h2[0]), TextTable.number(h2[1]), TextTable.number(h2[2]), (long) h2[3]);
            ratios.row(method, TextTable.ratio(meridian[0], h2[0]), TextTable.ratio(meridian[1], h2[1]),
                    TextTable.ratio(meridian[2], h2[2]));
        }
        TextTable speedups = new TextTable("engine", "mean", "p50");
        for (String engine : new String[] {"meridian", "h2"}) {
            double[] sorted = figures(byKey.get("latest10Sorted/" + engine));
            double[] descending = figures(byKey.get("latest10/" + engine));
            speedups.row(engine, TextTable.ratio(sorted[0], descending[0]), TextTable.ratio(sorted[1], descending[1]));
        }
        return "SQL over JDBC, embedded, " + rows + " rows: " + DescendingScanBenchmark.LATEST + " and "
                + DescendingScanBenchmark.MAX + " (? among the newest " + DescendingScanBenchmark.BOUND_SPREAD + " ids), Meridian vs H2 "
                + org.h2.engine.Constants.VERSION + " (file mode), JMH sample time, " + Instant.now() + "\n" + table
                + "\nMeridian/H2 latency ratio\n" + ratios
                + "\nRange scan + sort (ORDER BY -id LIMIT 10) / descending read (ORDER BY id DESC LIMIT 10), same engine\n"
                + speedups;
    }

    /** mean, p50, p99, sample count; NaN when the run is missing (a failed benchmark). */
    private static double[] figures(Statistics s) {
        if (s == null || s.getN() == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        return new double[] {s.getMean(), s.getPercentile(50), s.getPercentile(99), s.getN()};
    }
}
