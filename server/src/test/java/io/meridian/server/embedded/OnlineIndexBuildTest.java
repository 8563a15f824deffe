package io.meridian.server.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.exec.IndexVerifier;
import io.meridian.sql.exec.OnlineIndexChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CREATE INDEX while another session keeps inserting, updating and deleting: the writer is never
 * stopped, and afterwards every live row has exactly one entry with its current values and no
 * entry is left over. Writers are bounded in operations and time; the seed is fixed.
 */
class OnlineIndexBuildTest {
    private static final int PRELOADED_ROWS = 800;
    private static final int WRITER_OPS_MAX = 20_000;
    private static final long WRITER_MILLIS_MAX = 60_000;

    @TempDir
    Path dir;
    private EmbeddedCluster cluster;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void start() throws Exception {
        cluster = new EmbeddedCluster(dir);
        // Small batches with a pause between them: many backfill transactions spread over a second
        // or so, so the writer's statements interleave with them.
        cluster.engine().configureIndexChanges(new OnlineIndexChange.Settings(16, 256, 50, 60_000, 20));
        try (SqlSession s = cluster.engine().openSession()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, grp INT, val VARCHAR(20))", List.of());
            for (int from = 0; from < PRELOADED_ROWS; from += 100) {
                StringBuilder insert = new StringBuilder("INSERT INTO items VALUES ");
                for (int id = from; id < from + 100; id++) {
                    insert.append(id > from ? ", " : "").append("(").append(id).append(", ").append(id % 37)
                            .append(", 'v").append(id).append("')");
                }
                s.execute(insert.toString(), List.of());
            }
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        cluster.close();
    }

    /**
     * What the writer did: operations that committed, those refused with a retryable 40001/57P03,
     * and those refused with 23505 by a UNIQUE index still being built (writers enforce it from
     * WRITE_ONLY on, as PostgreSQL's CREATE UNIQUE INDEX CONCURRENTLY does).
     */
    private record WriterCounts(int committed, int retryable, int uniqueRefusals) {
    }

    /**
     * Inserts new rows, updates indexed columns and deletes rows, in random order from a fixed
     * seed, until {@code stop} is set (or its bounds run out). Unique ids for inserts come from
     * {@code nextId}; {@code distinctVal} makes every written val unique (for a UNIQUE build).
     */
    private Future<WriterCounts> writer(AtomicBoolean stop, AtomicInteger committedSoFar, long seed,
            boolean uniqueBuildRunning) {
        return threads.submit(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            int nextId = 1_000_000;
            int committed = 0;
            int retryable = 0;
            int uniqueRefusals = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITER_MILLIS_MAX);
            try (SqlSession s = cluster.engine().openSession()) {
                for (int op = 0; op < WRITER_OPS_MAX && !stop.get() && System.nanoTime() < deadline; op++) {
                    long id = random.nextInt(PRELOADED_ROWS);
                    int kind = random.nextInt(3);
                    try {
                        if (kind == 0) {
                            nextId++;
                            s.execute("INSERT INTO items VALUES (?, ?, ?)", List.of((long) nextId, nextId % 37, "w" + nextId));
                        } else if (kind == 1) {
                            s.execute("UPDATE items SET grp = ?, val = ? WHERE id = ?", List.of(random.nextInt(37),
                                    "u" + op + "-" + id, id));
                        } else {
                            s.execute("DELETE FROM items WHERE id = ?", List.of(id));
                        }
                        committed++;
                        committedSoFar.incrementAndGet();
                    } catch (SqlStateException e) {
                        if (uniqueBuildRunning && e.sqlState().equals("23505")) {
                            uniqueRefusals++;
                        } else if (e.sqlState().equals("40001") || e.sqlState().equals("57P03")) {
                            retryable++;
                        } else {
                            throw e;
                        }
                    }
                }
            }
            return new WriterCounts(committed, retryable, uniqueRefusals);
        });
    }

    @Test
    void indexBuiltWhileWriterRunsHasEveryRowExactlyOnce() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger committed = new AtomicInteger();
        Future<WriterCounts> writer = writer(stop, committed, 42, false);
        while (committed.get() < 20) {
            Thread.sleep(5);
        }
        int before = committed.get();
        try (SqlSession ddl = cluster.engine().openSession()) {
            ddl.execute("CREATE INDEX items_grp ON items (grp, val DESC)", List.of());
        }
        int during = committed.get() - before;
        // Keep writing against the PUBLIC index for a moment, then stop.
        while (committed.get() < before + during + 20) {
            Thread.sleep(5);
        }
        stop.set(true);
        WriterCounts counts = writer.get(WRITER_MILLIS_MAX * 2, TimeUnit.MILLISECONDS);
        assertTrue(during > 0, "the writer made no progress while the index was built");

        IndexVerifier.Report report = cluster.engine().verifyIndex("ITEMS", "ITEMS_GRP");
        try (SqlSession s = cluster.engine().openSession()) {
            long rows = (Long) s.execute("SELECT COUNT(*) FROM items", List.of()).rows().get(0)[0];
            assertEquals(rows, report.rows());
        }
        System.out.printf("online build: writer committed %d (%d during CREATE INDEX), %d retryable aborts; %s%n",
                counts.committed(), during, counts.retryable(), report);
        assertEquals(0, report.missing(), report.toString());
        assertEquals(0, report.dangling(), report.toString());
        assertEquals(report.rows(), report.entries(), report.toString());
    }

    /**
     * A UNIQUE build over duplicate values fails with 23505 and leaves no index: the name is free
     * again, writers are unaffected, and a later build over fixed data succeeds and is enforced.
     */
    @Test
    void uniqueBuildOverDuplicatesFailsCleanly() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger committed = new AtomicInteger();
        Future<WriterCounts> writer = writer(stop, committed, 7, true);
        try (SqlSession ddl = cluster.engine().openSession()) {
            SqlStateException duplicate = assertThrows(SqlStateException.class,
                    () -> ddl.execute("CREATE UNIQUE INDEX items_grp_u ON items (grp)", List.of()));
            assertEquals("23505", duplicate.sqlState());
            assertTrue(duplicate.getMessage().contains("ITEMS_GRP_U"), duplicate.getMessage());
            stop.set(true);
            writer.get(WRITER_MILLIS_MAX * 2, TimeUnit.MILLISECONDS);
            assertEquals("42704", assertThrows(SqlStateException.class,
                    () -> ddl.execute("DROP INDEX items_grp_u", List.of())).sqlState());
            // Its entries are gone too (the failed build's index had the id after the last one).
            TableDef table = cluster.engine().table("ITEMS").orElseThrow();
            assertTrue(table.indexes().isEmpty());
            assertEquals(0, cluster.engine().storedKeys(table.id(), table.id() + 1));
            assertThrows(SqlStateException.class, () -> cluster.engine().verifyIndex("ITEMS", "ITEMS_GRP_U"));
            // Every val is distinct (preloaded v<id>, inserted w<id>, updated u<op>-<id>): this one builds.
            ddl.execute("CREATE UNIQUE INDEX items_grp_u ON items (val)", List.of());
            assertTrue(cluster.engine().verifyIndex("ITEMS", "ITEMS_GRP_U").consistent());
            String existing = (String) ddl.execute("SELECT val FROM items ORDER BY id LIMIT 1", List.of()).rows().get(0)[0];
            assertEquals("23505", assertThrows(SqlStateException.class,
                    () -> ddl.execute("INSERT INTO items VALUES (-1, 0, ?)", List.of(existing))).sqlState());
        }
    }

    /** DROP INDEX goes through its states while the writer runs; the name can be reused at once. */
    @Test
    void dropIndexWhileWriterRuns() throws Exception {
        try (SqlSession ddl = cluster.engine().openSession()) {
            ddl.execute("CREATE INDEX items_val ON items (val)", List.of());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger committed = new AtomicInteger();
            Future<WriterCounts> writer = writer(stop, committed, 99, false);
            while (committed.get() < 20) {
                Thread.sleep(5);
            }
            TableDef before = cluster.engine().table("ITEMS").orElseThrow();
            long droppedId = before.index("ITEMS_VAL").orElseThrow().id();
            ddl.execute("DROP INDEX items_val", List.of());
            ddl.execute("DROP INDEX IF EXISTS items_val", List.of());
            assertEquals(0, cluster.engine().storedKeys(before.id(), droppedId));
            ddl.execute("CREATE INDEX items_val ON items (grp)", List.of());
            stop.set(true);
            writer.get(WRITER_MILLIS_MAX * 2, TimeUnit.MILLISECONDS);
            assertTrue(cluster.engine().verifyIndex("ITEMS", "ITEMS_VAL").consistent());

            // DROP TABLE deletes the rows and index entries in batches once it committed.
            TableDef table = cluster.engine().table("ITEMS").orElseThrow();
            long indexId = table.index("ITEMS_VAL").orElseThrow().id();
            assertTrue(cluster.engine().storedKeys(table.id(), -1) > 0);
            ddl.execute("DROP TABLE items", List.of());
            assertEquals(0, cluster.engine().storedKeys(table.id(), -1));
            assertEquals(0, cluster.engine().storedKeys(table.id(), indexId));
        }
    }

    private String explain(String sql) throws SqlStateException {
        try (SqlSession s = cluster.engine().openSession()) {
            StringBuilder plan = new StringBuilder();
            for (Object[] row : s.execute("EXPLAIN PLAN FOR " + sql, List.of()).rows()) {
                plan.append(row[0]).append('\n');
            }
            return plan.toString();
        }
    }

    /** A build that cannot go on because a transaction stays open gives up with 55006 and leaves no index. */
    @Test
    void buildGivesUpOnATransactionThatStaysOpen() throws Exception {
        cluster.engine().configureIndexChanges(new OnlineIndexChange.Settings(16, 256, 50, 300, 0));
        try (SqlSession open = cluster.engine().openSession(); SqlSession ddl = cluster.engine().openSession()) {
            open.execute("BEGIN", List.of());
            SqlStateException timedOut = assertThrows(SqlStateException.class,
                    () -> ddl.execute("CREATE INDEX items_val ON items (val)", List.of()));
            assertEquals("55006", timedOut.sqlState());
            assertTrue(timedOut.getMessage().contains("ITEMS_VAL"), timedOut.getMessage());
            assertTrue(cluster.engine().table("ITEMS").orElseThrow().indexes().isEmpty());
            open.execute("INSERT INTO items VALUES (-1, 1, 'still works')", List.of());
            open.execute("COMMIT", List.of());
            ddl.execute("CREATE INDEX items_val ON items (val)", List.of());
            assertTrue(cluster.engine().verifyIndex("ITEMS", "ITEMS_VAL").consistent());
        }
    }

    /**
     * A transaction keeps the schema it started with while DDL commits, and an index build waits
     * for it (the build's next step must not start while it could still write without the index).
     */
    @Test
    void transactionsPinTheirSchemaAndIndexBuildsWaitForThem() throws Exception {
        try (SqlSession open = cluster.engine().openSession(); SqlSession ddl = cluster.engine().openSession()) {
            open.execute("BEGIN", List.of());
            assertEquals(3, open.execute("SELECT * FROM items WHERE id = 1", List.of()).columns().size());
            ddl.execute("ALTER TABLE items ADD COLUMN extra INT DEFAULT 5", List.of());
            assertEquals(3, open.execute("SELECT * FROM items WHERE id = 1", List.of()).columns().size());
            CompletableFuture<Void> build = CompletableFuture.runAsync(() -> {
                try {
                    ddl.execute("CREATE INDEX items_extra ON items (extra)", List.of());
                } catch (SqlStateException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            Thread.sleep(500);
            assertFalse(build.isDone(), "the build went on while a transaction on the old schema was open");
            // The index is in the catalog but not PUBLIC: the planner must not read it yet.
            assertFalse(explain("SELECT id FROM items WHERE extra = 7").contains("ITEMS_EXTRA"));
            open.execute("INSERT INTO items VALUES (-5, 1, 'pinned')", List.of());
            open.execute("COMMIT", List.of());
            build.get(60, TimeUnit.SECONDS);
            String plan = explain("SELECT id FROM items WHERE extra = 7");
            assertTrue(plan.contains("ITEMS_EXTRA"), plan);
            assertEquals(List.of(List.of("5")), List.of(List.of(String.valueOf(
                    open.execute("SELECT extra FROM items WHERE id = -5", List.of()).rows().get(0)[0]))));
            assertTrue(cluster.engine().verifyIndex("ITEMS", "ITEMS_EXTRA").consistent());
        }
    }
}
