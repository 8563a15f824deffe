package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A commit that returned survives SIGKILL: a child JVM commits rows and prints an ACK after each
 * commit; we kill it at a seeded random moment, reopen the database, and every acknowledged row
 * must be there, intact. The worker keeps committing while the kill is on its way, so ACKs still in
 * the pipe after it died count too; beyond those, only the row in flight when it died (committed,
 * not yet printed) may be there: at most one per round.
 */
class CrashDurabilityIT {
    static final long RUN_MILLIS_MAX = 60_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void acknowledgedCommitsSurviveSigkill(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Path db = dir.resolve("db");
        TreeSet<Integer> acked = new TreeSet<>();
        int next = 0;
        for (int round = 0; round < 2; round++) {
            int acksBeforeKill = 20 + random.nextInt(200);
            int lastAck = runAndKill(db, next, acksBeforeKill, acked);
            next = lastAck + 1000;
        }
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n, payload FROM acked ORDER BY n")) {
            TreeSet<Integer> present = new TreeSet<>();
            while (rs.next()) {
                int n = rs.getInt(1);
                assertEquals("row-" + n, rs.getString(2), "row " + n + " intact");
                present.add(n);
            }
            assertTrue(present.containsAll(acked), "lost acknowledged rows: " + difference(acked, present));
            TreeSet<Integer> extra = difference(present, acked);
            assertTrue(extra.size() <= 2, "rows present that were never in flight: " + extra);
        }
    }

    /** Starts a worker, waits for {@code acks} acknowledgements, kills it; returns the last ack. */
    private static int runAndKill(Path db, int first, int acks, TreeSet<Integer> acked) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(), db.toString(),
                Integer.toString(first));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        int last = first - 1;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS_MAX);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            String line;
            while (seen < acks && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    last = Integer.parseInt(line.substring(4));
                    acked.add(last);
                    seen++;
                }
            }
            assertEquals(acks, seen, "worker stopped early or ran out of time");
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe.
            process.toHandle().destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "worker did not die");
            // Printed before the kill landed but not read yet: acknowledged all the same.
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    last = Integer.parseInt(line.substring(4));
                    acked.add(last);
                }
            }
        } finally {
            process.destroyForcibly();
        }
        return last;
    }

    private static TreeSet<Integer> difference(TreeSet<Integer> a, TreeSet<Integer> b) {
        TreeSet<Integer> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
