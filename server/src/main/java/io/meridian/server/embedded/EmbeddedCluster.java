package io.meridian.server.embedded;

import io.meridian.paxos.core.LeaseClock;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.range.KeyRange;
import io.meridian.range.LocalTablet;
import io.meridian.range.RangeDirectory;
import io.meridian.range.TabletStateMachine;
import io.meridian.sql.SqlEngine;
import io.meridian.sql.SqlStateException;
import io.meridian.storage.RocksStorage;
import io.meridian.truetime.FileHighWaterMark;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.TrueTimeMetrics;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TrueTime;
import io.meridian.txn.TransactionManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A whole database in one process: three replicas of one tablet, each with its own RocksDB
 * directory and its own single-threaded Paxos loop, a ticker, the transaction manager and the SQL
 * engine. The same code paths as a cluster, minus the network.
 */
public final class EmbeddedCluster implements AutoCloseable {
    static final int REPLICAS = 3;
    static final long GROUP_ID = 1;
    static final long TICK_MILLIS = 10;
    static final int HEARTBEAT_TICKS = 10;
    /**
     * 1.5-3 s: in one process a replica only stops hearing its leader when the machine stalls
     * (GC, an overloaded CPU), and an election then costs more than it saves.
     */
    static final int ELECTION_TICKS = 150;
    static final int ENTRIES_PER_MESSAGE_MAX = 128;
    static final long LEADER_WAIT_MILLIS_MAX = 10_000;
    /**
     * One process reads one system clock, so replicas cannot disagree about time: the bound only
     * has to cover the clock's own read jitter. 1 ms keeps commit wait near 2 ms.
     */
    static final long EMBEDDED_MAX_OFFSET_MICROS = 1_000;

    private final List<RocksStorage> storages = new ArrayList<>();
    private final List<ExecutorService> loops = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private final InProcessTransport transport = new InProcessTransport();
    private final SqlEngine engine;
    private final LocalTablet tablet;

    public EmbeddedCluster(Path directory) throws SqlStateException {
        // The high-water mark keeps issued timestamps increasing even if the clock steps back
        // across a restart.
        TrueTime trueTime = new HlcTrueTime(SystemClock.INSTANCE, EMBEDDED_MAX_OFFSET_MICROS,
                new FileHighWaterMark(directory.resolve("hlc-high-water")), TrueTimeMetrics.none());
        List<Integer> members = List.of(1, 2, 3);
        List<LocalTablet.Replica> replicas = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom();
        try {
            for (int nodeId : members) {
                RocksStorage storage = RocksStorage.open(directory.resolve("node-" + nodeId));
                storages.add(storage);
                ExecutorService loop = Executors.newSingleThreadExecutor(daemon("paxos-g" + GROUP_ID + "-n" + nodeId));
                loops.add(loop);
                TabletStateMachine stateMachine = new TabletStateMachine(storage, GROUP_ID);
                PaxosConfig config = new PaxosConfig(nodeId, members, HEARTBEAT_TICKS, ELECTION_TICKS, ENTRIES_PER_MESSAGE_MAX);
                PaxosReplica paxos = new PaxosReplica(GROUP_ID, config, seeds.split(), storage.paxosLog(GROUP_ID),
                        stateMachine, transport, loop, LeaseClock.inProcessGroup(trueTime::now), null);
                transport.register(paxos);
                replicas.add(new LocalTablet.Replica(paxos, stateMachine));
            }
        } catch (RuntimeException e) {
            closeStorage();
            throw e;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("paxos-ticker"));
        ticker.scheduleAtFixedRate(() -> replicas.forEach(r -> r.paxos().tick()), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        // Node 1 is the preferred leader: it campaigns at once instead of waiting out a timeout.
        replicas.get(0).paxos().campaign();
        this.tablet = new LocalTablet(GROUP_ID, KeyRange.EVERYTHING, replicas, LEADER_WAIT_MILLIS_MAX);
        TransactionManager txns = new TransactionManager(trueTime, SystemClock.INSTANCE,
                new RangeDirectory(List.of(tablet)), TransactionManager.Limits.defaults());
        try {
            this.engine = new SqlEngine(txns, trueTime, SqlEngine.Limits.defaults());
        } catch (SqlStateException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public SqlEngine engine() {
        return engine;
    }

    LocalTablet tablet() {
        return tablet;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        transport.close();
        if (ticker != null) {
            ticker.shutdownNow();
        }
        for (ExecutorService loop : loops) {
            loop.shutdown();
        }
        for (ExecutorService loop : loops) {
            try {
                loop.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeStorage();
    }

    private void closeStorage() {
        for (RocksStorage storage : storages) {
            storage.close();
        }
        storages.clear();
    }
}
