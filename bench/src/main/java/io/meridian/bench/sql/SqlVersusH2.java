package io.meridian.bench.sql;

import io.meridian.bench.report.TextTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link PointAndRangeBenchmark} for Meridian and H2 in one JMH run and prints mean, p50
 * and p99 per statement with the Meridian/H2 ratios. Arguments (all optional):
 * {@code --rows N --warmup-seconds S --measure-seconds S --iterations N --jmh-log FILE}.
 */
public final class SqlVersusH2 {
    static final double POINT_SELECT_RATIO_GOAL = 2.0;

    private SqlVersusH2() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int rows = Integer.parseInt(options.getOrDefault("--rows", "20000"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("--warmup-seconds", "5"));
        int measureSeconds = Integer.parseInt(options.getOrDefault("--measure-seconds", "5"));
        int iterations = Integer.parseInt(options.getOrDefault("--iterations", "4"));
        if (rows < SqlDataset.RANGE_ROWS * 2) {
            throw new IllegalArgumentException("--rows must be at least " + SqlDataset.RANGE_ROWS * 2);
        }
        Collection<RunResult> results = runBothEngines(PointAndRangeBenchmark.class, rows, warmupSeconds, measureSeconds,
                iterations, options.get("--jmh-log"));
        System.out.println();
        System.out.println(table(results, rows));
    }

    /**
     * Runs every method of {@code benchmark} for Meridian and H2 in one JMH run, over databases of
     * {@code rows} rows in a temporary directory (removed afterwards) that all forks share.
     * {@code jmhLog}: where JMH's own output goes, or null for the console.
     */
    static Collection<RunResult> runBothEngines(Class<?> benchmark, int rows, int warmupSeconds, int measureSeconds,
            int iterations, String jmhLog) throws Exception {
        Path dir = Files.createTempDirectory("meridian-bench-sql-");
        try {
            ChainedOptionsBuilder builder = new OptionsBuilder()
                    .include(benchmark.getName() + "\\.")
                    .param("rows", Integer.toString(rows))
                    .param("engine", "meridian", "h2")
                    .warmupIterations(2).warmupTime(TimeValue.seconds(warmupSeconds))
                    .measurementIterations(iterations).measurementTime(TimeValue.seconds(measureSeconds))
                    .forks(1)
                    .shouldFailOnError(true)
                    .jvmArgsAppend("-D" + PointAndRangeBenchmark.DIR_PROPERTY + "=" + dir.toAbsolutePath());
            if (jmhLog != null) {
                builder.output(jmhLog);
            }
            return new Runner(builder.build()).run();
        } finally {
            SqlFiles.deleteTree(dir);
        }
    }

    static String table(Collection<RunResult> results, int rows) {
        Map<String, Statistics> byKey = new HashMap<>();
        Map<String, Result<?>> primary = new HashMap<>();
        for (RunResult run : results) {
            String method = run.getParams().getBenchmark().replaceAll(".*\\.", "");
            String key = method + "/" + run.getParams().getParam("engine");
            byKey.put(key, run.getPrimaryResult().getStatistics());
            primary.put(key, run.getPrimaryResult());
        }
        TextTable table = new TextTable("statement", "engine", "mean us", "p50 us", "p99 us", "samples");
        TextTable ratios = new TextTable("statement", "mean", "p50", "p99");
        for (String method : new String[] {"pointSelect", "rangeScan100"}) {
            double[] meridian = figures(byKey.get(method + "/meridian"));
            double[] h2 = figures(byKey.get(method + "/h2"));
            table.row(method, "meridian", TextTable.number(meridian[0]), TextTable.number(meridian[1]),
                    TextTable.number(meridian[2]), (long) meridian[3]);
            table.row(method, "h2", TextTable.number(h2[0]), TextTable.number(h2[1]), TextTable.number(h2[2]), (long) h2[3]);
            ratios.row(method, TextTable.ratio(meridian[0], h2[0]), TextTable.ratio(meridian[1], h2[1]),
                    TextTable.ratio(meridian[2], h2[2]));
        }
        return "SQL over JDBC, embedded, " + rows + " rows: Meridian vs H2 " + org.h2.engine.Constants.VERSION
                + " (file mode), JMH sample time, " + Instant.now() + "\n" + table
                + "\nMeridian/H2 latency ratio (goal for pointSelect: <= " + POINT_SELECT_RATIO_GOAL + "x)\n" + ratios;
    }

    /** mean, p50, p99, sample count; NaN when the run is missing (a failed benchmark). */
    private static double[] figures(Statistics s) {
        if (s == null || s.getN() == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        return new double[] {s.getMean(), s.getPercentile(50), s.getPercentile(99), s.getN()};
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
