package io.meridian.sqllogictest;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every sqllogictest script in {@code ../shared/sqllogictest} (beside the repository) through
 * the JDBC driver, each in its own temporary embedded database, and holds each file to a floor of
 * passing records. The floors are a ratchet: they are the counts reached, so any regression fails.
 * After a fix raises a count, {@code -Dsqllogictest.rewriteFloors=true} writes the new floors
 * (review the diff). The table is printed and the full report lands in
 * {@code target/sqllogictest/report.txt}.
 */
class SqlLogicTest {
    static final Path SCRIPTS = Path.of(System.getProperty("sqllogictest.dir", "../../shared/sqllogictest"));
    static final String FLOORS_RESOURCE = "/sqllogictest/floors.properties";
    static final Path FLOORS_SOURCE = Path.of("src", "test", "resources", "sqllogictest", "floors.properties");
    static final Path REPORT = Path.of("target", "sqllogictest", "report.txt");
    static final int FAILURES_LISTED_PER_FILE = Integer.getInteger("sqllogictest.failures", 25);

    private static final List<FileResult> RESULTS = Collections.synchronizedList(new ArrayList<>());

    /** Scripts run concurrently, each on its own database; the largest start first. */
    static final int THREADS = Integer.getInteger("sqllogictest.threads", Math.min(2, Runtime.getRuntime().availableProcessors()));

    /** A script still running after this long fails (a hung statement must not hang the build). */
    static final long FILE_MINUTES_MAX = Long.getLong("sqllogictest.fileMinutesMax", 15);

    private static ExecutorService pool;

    @TestFactory
    Stream<DynamicTest> everyScriptKeepsItsFloor() throws IOException {
        assumeTrue(Files.isDirectory(SCRIPTS), "no sqllogictest scripts at " + SCRIPTS.toAbsolutePath().normalize());
        Map<String, Integer> floors = loadFloors();
        List<Path> scripts = SuiteRunner.scripts(SCRIPTS);
        List<Path> largestFirst = new ArrayList<>(scripts);
        Map<Path, Long> sizes = new java.util.HashMap<>();
        for (Path script : scripts) {
            sizes.put(script, Files.size(script));
        }
        largestFirst.sort(Comparator.comparing(sizes::get).reversed());
        pool = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "sqllogictest");
            thread.setDaemon(true);
            return thread;
        });
        Map<Path, Future<FileResult>> running = new java.util.HashMap<>();
        for (Path script : largestFirst) {
            running.put(script, pool.submit(() -> SuiteRunner.run(script, SuiteRunner.nameOf(SCRIPTS, script))));
        }
        pool.shutdown();
        return scripts.stream().map(script -> {
            String name = SuiteRunner.nameOf(SCRIPTS, script);
            return DynamicTest.dynamicTest(name, () -> {
                FileResult result;
                try {
                    result = running.get(script).get(FILE_MINUTES_MAX, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    throw e.getCause();
                } catch (TimeoutException e) {
                    throw new AssertionError(name + " did not finish in " + FILE_MINUTES_MAX + " minutes", e);
                }
                RESULTS.add(result);
                assertNull(result.abortedBy(), name + " stopped early");
                int floor = floors.getOrDefault(name, 0);
                assertTrue(result.passed() >= floor, name + ": " + result.passed() + " records passed, below the floor of "
                        + floor + "; see " + REPORT + " for the failures");
            });
        });
    }

    @AfterAll
    static void report() throws IOException {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (RESULTS.isEmpty()) {
            return;
        }
        List<FileResult> results = new ArrayList<>(RESULTS);
        results.sort((a, b) -> a.name().compareTo(b.name()));
        Report.write(REPORT, results, FAILURES_LISTED_PER_FILE);
        System.out.println("sqllogictest results (floors in " + FLOORS_SOURCE + ", report in " + REPORT + "):");
        System.out.print(Report.table(results));
        Map<String, Integer> floors = loadFloors();
        for (FileResult r : results) {
            int floor = floors.getOrDefault(r.name(), 0);
            if (r.passed() > floor) {
                System.out.println("  " + r.name() + ": " + r.passed() + " passed, above its floor of " + floor
                        + " (raise it: -Dsqllogictest.rewriteFloors=true)");
            }
        }
        if (Boolean.getBoolean("sqllogictest.rewriteFloors")) {
            writeFloors(results);
        }
    }

    private static Map<String, Integer> loadFloors() {
        Properties properties = new Properties();
        try (InputStream in = SqlLogicTest.class.getResourceAsStream(FLOORS_RESOURCE)) {
            if (in != null) {
                try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> floors = new TreeMap<>();
        properties.forEach((k, v) -> floors.put((String) k, Integer.parseInt(((String) v).strip())));
        return floors;
    }

    private static void writeFloors(List<FileResult> results) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Passing records per sqllogictest script: a ratchet, never lowered to make a build pass.\n")
                .append("# Regenerate after a fix with -Dsqllogictest.rewriteFloors=true and review the diff.\n");
        for (FileResult r : results) {
            out.append(r.name()).append(" = ").append(r.passed()).append('\n');
        }
        Files.writeString(FLOORS_SOURCE, out.toString(), StandardCharsets.UTF_8);
        System.out.println("floors written to " + FLOORS_SOURCE);
    }
}
