package io.meridian.bench.replication;

import io.meridian.bench.report.ClosedLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One failover trial: with every member up and caught up, SIGKILL the leader's process, then
 * write through the surviving members until one write is acknowledged; the figure is the time
 * from the kill to that acknowledgement. Writes are probes started every {@link #PROBE_MILLIS},
 * each with its own connection (etcd: through the one jetcd client) and a timeout long enough
 * for a slow first write, {@link #PROBES_MAX} at most at once: a probe stuck at the dead leader
 * (etcd holds them up to 7 s) does not keep later probes from reaching the new one, so the figure
 * depends on neither; its resolution is the probe interval. The killed member is restarted
 * afterwards.
 */
final class Failover {
    static final long WRITE_SECONDS_MAX = 30;
    static final long HEALTHY_SECONDS_MAX = 90;
    static final long PROBE_MILLIS = 50;
    static final int PROBES_MAX = 64;
    static final long PROBE_TIMEOUT_MILLIS = 3_000;
    static final int PROBE_CLIENT_BASE = 1000;

    /**
     * {@code millis}: kill to first acknowledged write, infinite when none came within
     * {@link #WRITE_SECONDS_MAX}; {@code lastError}: why the last failed probe failed (null if none).
     */
    record Trial(int killed, double millis, int probes, String lastError) {
    }

    private Failover() {
    }

    static Trial trial(ReplicatedCluster cluster, int valueBytes) throws Exception {
        // Connect and write before the kill, so that the first probe starts connected; and make
        // sure the member about to be killed still leads after that write.
        ClosedLoop.Operation first = null;
        int leader = -1;
        List<Integer> survivors = List.of();
        long setUpDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTHY_SECONDS_MAX);
        while (first == null) {
            leader = awaitHealthy(cluster);
            List<Integer> others = new ArrayList<>(cluster.members());
            others.remove(Integer.valueOf(leader));
            survivors = List.copyOf(others);
            try {
                first = cluster.writer(PROBE_CLIENT_BASE, valueBytes, survivors, PROBE_TIMEOUT_MILLIS);
                first.run();
                if (cluster.leader() != leader) {
                    throw new IllegalStateException("leader changed during set-up");
                }
            } catch (Exception e) {
                closeQuietly(first);
                first = null;
                if (System.nanoTime() > setUpDeadline) {
                    throw new IllegalStateException(cluster.name() + ": no write through " + survivors + " before the kill", e);
                }
                Thread.sleep(100);
            }
        }
        ProcessHandle process = cluster.process(leader);
        ExecutorService probes = Executors.newFixedThreadPool(PROBES_MAX, r -> {
            Thread t = new Thread(r, "failover-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            process.destroyForcibly();
            long killed = System.nanoTime();
            double millis = probeUntilAcknowledged(cluster, valueBytes, survivors, first, probes, killed);
            process.onExit().get(10, TimeUnit.SECONDS);
            return new Trial(leader, millis, probesStarted.get(), lastProbeError.get());
        } finally {
            cluster.restart(leader);
        }
    }

    private static final AtomicInteger probesStarted = new AtomicInteger();
    private static final AtomicReference<String> lastProbeError = new AtomicReference<>();
    private static final java.util.Map<String, Integer> probeErrors = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The failed probes of the last trial by kind of error (message cut short), for the log. */
    static java.util.Map<String, Integer> lastTrialErrors() {
        return probeErrors;
    }

    private static String errorKind(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof java.util.concurrent.ExecutionException
                || t.getMessage() == null)) {
            t = t.getCause();
        }
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        return text.length() > 90 ? text.substring(0, 90) : text;
    }

    private static double probeUntilAcknowledged(ReplicatedCluster cluster, int valueBytes, List<Integer> survivors,
            ClosedLoop.Operation connected, ExecutorService probes, long killed) throws Exception {
        probesStarted.set(0);
        lastProbeError.set(null);
        probeErrors.clear();
        CompletableFuture<Long> acknowledged = new CompletableFuture<>();
        Semaphore slots = new Semaphore(PROBES_MAX);
        long deadline = killed + TimeUnit.SECONDS.toNanos(WRITE_SECONDS_MAX);
        // Writers go back to the pool after a failure (drivers reconnect by themselves): a new
        // connection per probe would load the survivors with handshakes while they elect.
        Queue<ClosedLoop.Operation> idle = new ConcurrentLinkedQueue<>();
        Queue<ClosedLoop.Operation> all = new ConcurrentLinkedQueue<>();
        idle.add(connected);
        all.add(connected);
        try {
            while (!acknowledged.isDone() && System.nanoTime() < deadline) {
                if (slots.tryAcquire()) {
                    int client = PROBE_CLIENT_BASE + probesStarted.incrementAndGet();
                    probes.execute(() -> {
                        ClosedLoop.Operation writer = idle.poll();
                        long started = System.nanoTime();
                        try {
                            if (writer == null) {
                                writer = cluster.writer(client, valueBytes, survivors, PROBE_TIMEOUT_MILLIS);
                                all.add(writer);
                            }
                            writer.run();
                            acknowledged.complete(System.nanoTime());
                            idle.add(writer);
                        } catch (Exception e) {
                            if (!acknowledged.isDone() && !probes.isShutdown()) {
                                lastProbeError.set(e.toString());
                                probeErrors.merge(errorKind(e), 1, Integer::sum);
                            }
                            if (writer != null && reusable(e, System.nanoTime() - started)) {
                                idle.add(writer);
                            }
                        } finally {
                            slots.release();
                        }
                    });
                }
                try {
                    acknowledged.get(PROBE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // no acknowledgement yet: start the next probe
                }
            }
        } finally {
            probes.shutdownNow();
            probes.awaitTermination(PROBE_TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
            all.forEach(Failover::closeQuietly);
        }
        // No acknowledgement within the bound: the trial counts as infinitely long.
        return acknowledged.isDone() ? (acknowledged.get() - killed) / 1e6 : Double.POSITIVE_INFINITY;
    }

    /**
     * A writer stays in the pool after a refusal (no leader yet); one whose connection broke
     * (SQLState class 08) or whose write ran into its timeout is dropped (it is closed at the end).
     */
    private static boolean reusable(Exception e, long elapsedNanos) {
        if (elapsedNanos >= TimeUnit.MILLISECONDS.toNanos(PROBE_TIMEOUT_MILLIS) * 8 / 10) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return false;
            }
        }
        return true;
    }

    /** Waits until a leader is known and every member answers caught up; returns the leader. */
    static int awaitHealthy(ReplicatedCluster cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTHY_SECONDS_MAX);
        while (System.nanoTime() < deadline) {
            int leader = cluster.leader();
            boolean all = leader > 0;
            for (int member : cluster.members()) {
                all = all && cluster.caughtUp(member);
            }
            if (all && cluster.leader() == leader) {
                return leader;
            }
            Thread.sleep(200);
        }
        StringBuilder state = new StringBuilder();
        for (int member : cluster.members()) {
            state.append("\n  ").append(member).append(cluster.caughtUp(member) ? " caught up: " : " behind or down: ")
                    .append(cluster.state(member));
        }
        throw new IllegalStateException(cluster.name() + ": not every member up and caught up after "
                + HEALTHY_SECONDS_MAX + " s; leader " + cluster.leader() + ", members" + state);
    }

    private static void closeQuietly(ClosedLoop.Operation writer) {
        if (writer != null) {
            try {
                writer.close();
            } catch (Exception e) {
                // a writer to a dead member may fail to close; it is dropped either way
            }
        }
    }
}
