package io.meridian.bench.replication;

import io.meridian.bench.report.ClosedLoop;
import io.meridian.server.cluster.BarePaxosGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Meridian's Paxos group without SQL or transactions: three replicas in this process over
 * loopback Netty, synced logs, proposals of the raw value to the leader. Load only: its
 * replicas are not processes of their own, so the failover trials skip it.
 */
final class BarePaxosCluster implements ReplicatedCluster {
    private final BarePaxosGroup group;
    private final java.util.concurrent.atomic.AtomicLong proposals = new java.util.concurrent.atomic.AtomicLong();
    private long proposalsMark;
    private final long[] syncsMark = new long[3];

    BarePaxosCluster(Path directory, int peerBase) throws Exception {
        this.group = BarePaxosGroup.start(directory, peerBase);
    }

    @Override
    public String name() {
        return "paxos-netty";
    }

    @Override
    public List<Integer> members() {
        return List.of(1, 2, 3);
    }

    @Override
    public int leader() throws Exception {
        return group.leader();
    }

    @Override
    public ProcessHandle process(int member) {
        throw new UnsupportedOperationException("the bare Paxos group runs inside the driver");
    }

    @Override
    public void restart(int member) {
        throw new UnsupportedOperationException("the bare Paxos group runs inside the driver");
    }

    @Override
    public String state(int member) {
        return "in the driver process";
    }

    @Override
    public boolean caughtUp(int member) {
        return true;
    }

    @Override
    public ClosedLoop.Operation writer(int client, int valueBytes, List<Integer> via, long timeoutMillis) {
        SplittableRandom random = new SplittableRandom(client);
        int leader = via.get(0);
        return () -> {
            byte[] command = Values.next(random, valueBytes).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            group.propose(leader, command).get(timeoutMillis, TimeUnit.MILLISECONDS);
            proposals.incrementAndGet();
        };
    }

    /** Starts counting proposals and each replica's synced log writes for {@link #syncReport}. */
    void markSyncs() {
        proposalsMark = proposals.get();
        for (int id = 1; id <= 3; id++) {
            syncsMark[id - 1] = group.syncedWrites(id);
        }
    }

    /** Acknowledged proposals since {@link #markSyncs} and how many synced writes each replica made for them. */
    String syncReport() {
        long n = proposals.get() - proposalsMark;
        StringBuilder out = new StringBuilder(name() + ": " + n + " proposals acknowledged (warm-up included);");
        for (int id = 1; id <= 3; id++) {
            long syncs = group.syncedWrites(id) - syncsMark[id - 1];
            out.append(String.format(java.util.Locale.ROOT, " replica %d: %d synced log writes (%.1f proposals each)", id,
                    syncs, syncs == 0 ? 0.0 : (double) n / syncs));
        }
        return out.toString();
    }

    @Override
    public String timers() {
        return ClusterTimers.describe();
    }

    @Override
    public void close() {
        group.close();
    }
}
