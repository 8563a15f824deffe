package io.meridian.bench.replication;

import io.meridian.bench.report.ClosedLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One failover trial: with every member up and caught up, SIGKILL the leader's process, then
 * write through the surviving members until one write is accepted; the figure is the time from
 * the kill to that acknowledgement. The killed member is restarted and waited for afterwards.
 */
final class Failover {
    static final long WRITE_SECONDS_MAX = 60;
    static final long HEALTHY_SECONDS_MAX = 120;
    static final long RETRY_MILLIS = 5;
    /**
     * A write to a member that lost its leader may hang until a server-side timeout (etcd: 7 s);
     * the client gives up on it after this long and writes again, as a client that wants its
     * write through would. It bounds how much the figure can overstate the failover.
     */
    static final long ATTEMPT_MILLIS = 250;

    /** {@code lastError}: why the attempt before the accepted one failed (null if the first succeeded). */
    record Trial(int killed, double millis, int attempts, String lastError) {
    }

    private Failover() {
    }

    static Trial trial(ReplicatedCluster cluster, int valueBytes) throws Exception {
        // Connect and write before the kill, so that the figure measures the failover, not the
        // set-up; and make sure the member about to be killed still leads after that write.
        ClosedLoop.Operation writer = null;
        int leader = -1;
        List<Integer> survivors = List.of();
        long setUpDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTHY_SECONDS_MAX);
        while (writer == null) {
            leader = awaitHealthy(cluster);
            List<Integer> others = new ArrayList<>(cluster.members());
            others.remove(Integer.valueOf(leader));
            survivors = others;
            try {
                writer = cluster.writer(900 + leader, valueBytes, survivors, ATTEMPT_MILLIS);
                writer.run();
                if (cluster.leader() != leader) {
                    throw new IllegalStateException("leader changed during set-up");
                }
            } catch (Exception e) {
                closeQuietly(writer);
                writer = null;
                if (System.nanoTime() > setUpDeadline) {
                    throw new IllegalStateException(cluster.name() + ": no write through " + survivors + " before the kill", e);
                }
                Thread.sleep(100);
            }
        }
        ProcessHandle process = cluster.process(leader);
        process.destroyForcibly();
        long killed = System.nanoTime();
        long deadline = killed + TimeUnit.SECONDS.toNanos(WRITE_SECONDS_MAX);
        int attempts = 0;
        String lastError = null;
        try {
            while (System.nanoTime() < deadline) {
                attempts++;
                try {
                    if (writer == null) {
                        writer = cluster.writer(900 + leader, valueBytes, survivors, ATTEMPT_MILLIS);
                    }
                    writer.run();
                    double millis = (System.nanoTime() - killed) / 1e6;
                    process.onExit().get(10, TimeUnit.SECONDS);
                    return new Trial(leader, millis, attempts, lastError);
                } catch (Exception e) {
                    lastError = e.toString();
                    closeQuietly(writer);
                    writer = null;
                    Thread.sleep(RETRY_MILLIS);
                }
            }
            throw new IllegalStateException(cluster.name() + ": no write accepted " + WRITE_SECONDS_MAX
                    + " s after killing leader " + leader + "; last error: " + lastError);
        } finally {
            closeQuietly(writer);
            cluster.restart(leader);
        }
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
