package io.meridian.server.cluster;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.paxos.driver.StateMachine;
import io.meridian.storage.RocksStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark only (bench/, never on a node's class path): a bare three-replica Paxos group in one
 * process, each replica with its own RocksDB (log entries synced before they are acknowledged)
 * and its own {@link PeerNetwork} over loopback Netty, with the cluster node's timers. The state
 * machine only counts applied slots, so this isolates replication from SQL and transactions.
 * It lives in this package because the peer network is package-private to the server.
 */
public final class BarePaxosGroup implements AutoCloseable {
    static final long GROUP_ID = 1;
    static final long LEADER_WAIT_SECONDS_MAX = 60;

    private final List<Member> members = new ArrayList<>();

    private record Member(RocksStorage storage, ExecutorService loop, ScheduledExecutorService timers, PeerNetwork peers,
            PaxosReplica replica) {
    }

    /** Counts applied slots; no effects (nothing to restore: this group never restarts). */
    private static final class CountingStateMachine implements StateMachine {
        private final AtomicLong applied = new AtomicLong();

        @Override
        public void apply(LogEntry entry) {
            applied.set(entry.index());
        }

        @Override
        public long appliedIndex() {
            return applied.get();
        }
    }

    /** Starts three replicas with peer ports {@code peerBase + 1..3} under {@code directory}. */
    public static BarePaxosGroup start(Path directory, int peerBase) throws IOException, InterruptedException {
        Path topologyFile = directory.resolve("bare-paxos.yaml");
        Files.writeString(topologyFile, String.join("\n",
                "name: bare-paxos", "host: 127.0.0.1",
                "ports: {client_base: " + (peerBase + 10) + ", peer_base: " + peerBase + ", http_base: " + (peerBase + 20) + "}",
                "leader_region: local", "time_source: hlc", "jitter_millis: 0",
                "regions:", "  - name: local", "    epsilon_micros: 1000", "    nodes: [1, 2, 3]",
                "latency_millis: {}", ""));
        Topology topology = Topology.load(topologyFile);
        BarePaxosGroup group = new BarePaxosGroup();
        try {
            for (int id : topology.nodeIds()) {
                group.members.add(member(topology, id, directory.resolve("replica-" + id)));
            }
            for (Member m : group.members) {
                m.peers().start();
                m.timers().scheduleAtFixedRate(m.replica()::tick, ClusterNode.TICK_MILLIS, ClusterNode.TICK_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
            group.members.get(0).replica().campaign();
            group.leader();
            return group;
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    private static Member member(Topology topology, int id, Path dir) throws IOException {
        Files.createDirectories(dir);
        RocksStorage storage = RocksStorage.open(dir);
        ExecutorService loop = Executors.newSingleThreadExecutor(daemon("bare-paxos-" + id));
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("bare-timers-" + id));
        long seed = id * 7919L;
        PeerNetwork peers = new PeerNetwork(topology, id, timers, seed);
        PaxosConfig config = new PaxosConfig(id, topology.nodeIds(), ClusterNode.HEARTBEAT_TICKS, ClusterNode.ELECTION_TICKS,
                ClusterNode.ENTRIES_PER_MESSAGE_MAX);
        PaxosReplica replica = new PaxosReplica(GROUP_ID, config, new SplittableRandom(seed), storage.paxosLog(GROUP_ID),
                new CountingStateMachine(), peers, loop);
        peers.register(replica);
        return new Member(storage, loop, timers, peers, replica);
    }

    /** The ready leader's id, waiting for one (bounded). */
    public int leader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEADER_WAIT_SECONDS_MAX);
        while (System.nanoTime() < deadline) {
            for (Member m : members) {
                if (m.replica().isReadyLeader()) {
                    return m.replica().nodeId();
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("bare Paxos group: no ready leader after " + LEADER_WAIT_SECONDS_MAX + " s");
    }

    /** Proposes through replica {@code id}; completes when the command is chosen and applied there. */
    public CompletableFuture<Long> propose(int id, byte[] command) {
        return members.get(id - 1).replica().propose(command);
    }

    /** Synced writes of replica {@code id}'s log so far (one per group commit of its loop). */
    public long syncedWrites(int id) {
        return members.get(id - 1).storage().logCommitStats().syncedWrites();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        for (Member m : members) {
            m.timers().shutdownNow();
            m.peers().close();
            m.loop().shutdown();
        }
        for (Member m : members) {
            try {
                m.loop().awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            m.storage().close();
        }
    }
}
