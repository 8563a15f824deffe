package io.meridian.bench.replication;

import io.meridian.bench.report.ClosedLoop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One failover trial: with every member up and caught up, SIGKILL the leader's process, then
 * watch the survivors' own status (every {@link #POLL_MILLIS}) for a new leader and write to it,
 * one write at a time, until a write is acknowledged; the figure is the time from the kill to
 * that acknowledgement, next to the time until a survivor first said it leads. Writing only to
 * the member that says it leads, one write at a time, keeps the measurement from loading the
 * survivors with retries while they elect. Each survivor's client is connected before the kill.
 * The killed member is restarted afterwards.
 */
final class Failover {
    static final long WRITE_SECONDS_MAX = 30;
    static final long HEALTHY_SECONDS_MAX = 90;
    static final long POLL_MILLIS = 20;
    static final long WRITE_TIMEOUT_MILLIS = 3_000;
    static final int CLIENT_BASE = 1000;

    /**
     * {@code electedMillis}: kill to the first status where a survivor leads (NaN if none did);
     * {@code millis}: kill to the first acknowledged write, infinite when none came within
     * {@link #WRITE_SECONDS_MAX}; {@code errors}: failed writes after the kill by kind of error.
     */
    record Trial(int killed, int newLeader, double electedMillis, double millis, int writes, Map<String, Integer> errors) {
    }

    private Failover() {
    }

    static Trial trial(ReplicatedCluster cluster, int valueBytes) throws Exception {
        Map<Integer, ClosedLoop.Operation> writers = new HashMap<>();
        try {
            int leader = connectSurvivors(cluster, valueBytes, writers);
            ProcessHandle process = cluster.process(leader);
            try {
                process.destroyForcibly();
                long killed = System.nanoTime();
                Trial trial = writeAtNewLeader(cluster, valueBytes, writers, leader, killed);
                process.onExit().get(10, TimeUnit.SECONDS);
                return trial;
            } finally {
                cluster.restart(leader);
            }
        } finally {
            writers.values().forEach(Failover::closeQuietly);
        }
    }

    /** Waits for a healthy group, opens a client to each non-leader and writes once through it; returns the leader. */
    private static int connectSurvivors(ReplicatedCluster cluster, int valueBytes, Map<Integer, ClosedLoop.Operation> writers)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTHY_SECONDS_MAX);
        while (true) {
            int leader = awaitHealthy(cluster);
            try {
                for (int member : cluster.members()) {
                    if (member != leader) {
                        ClosedLoop.Operation writer = writers.get(member);
                        if (writer == null) {
                            writer = cluster.writer(CLIENT_BASE + member, valueBytes, List.of(member), WRITE_TIMEOUT_MILLIS);
                            writers.put(member, writer);
                        }
                        writer.run();
                    }
                }
                if (cluster.leader() == leader) {
                    return leader;
                }
            } catch (Exception e) {
                writers.values().forEach(Failover::closeQuietly);
                writers.clear();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(cluster.name() + ": could not write through every follower before the kill", e);
                }
            }
            Thread.sleep(100);
        }
    }

    private static Trial writeAtNewLeader(ReplicatedCluster cluster, int valueBytes, Map<Integer, ClosedLoop.Operation> writers,
            int killed, long killedAt) throws Exception {
        long deadline = killedAt + TimeUnit.SECONDS.toNanos(WRITE_SECONDS_MAX);
        Map<String, Integer> errors = new TreeMap<>();
        double elected = Double.NaN;
        int writes = 0;
        int leader = -1;
        while (System.nanoTime() < deadline) {
            leader = cluster.leader();
            if (leader <= 0 || leader == killed) {
                Thread.sleep(POLL_MILLIS);
                continue;
            }
            if (Double.isNaN(elected)) {
                elected = (System.nanoTime() - killedAt) / 1e6;
            }
            ClosedLoop.Operation writer = writers.get(leader);
            long started = System.nanoTime();
            try {
                if (writer == null) {
                    writer = cluster.writer(CLIENT_BASE + leader, valueBytes, List.of(leader), WRITE_TIMEOUT_MILLIS);
                    writers.put(leader, writer);
                }
                writes++;
                writer.run();
                return new Trial(killed, leader, elected, (System.nanoTime() - killedAt) / 1e6, writes, errors);
            } catch (Exception e) {
                errors.merge(errorKind(e), 1, Integer::sum);
                if (writer != null && !reusable(e, System.nanoTime() - started)) {
                    closeQuietly(writer);
                    writers.remove(leader);
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
        return new Trial(killed, leader, elected, Double.POSITIVE_INFINITY, writes, errors);
    }

    private static String errorKind(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof java.util.concurrent.ExecutionException || t.getMessage() == null)) {
            t = t.getCause();
        }
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        return text.length() > 100 ? text.substring(0, 100) : text;
    }

    /**
     * A client stays after a refusal (no leader yet); one whose connection broke (SQLState
     * class 08) or whose write ran into its timeout is closed and opened anew.
     */
    private static boolean reusable(Exception e, long elapsedNanos) {
        if (elapsedNanos >= TimeUnit.MILLISECONDS.toNanos(WRITE_TIMEOUT_MILLIS) * 8 / 10) {
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
