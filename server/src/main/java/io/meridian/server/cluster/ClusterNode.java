package io.meridian.server.cluster;

import io.meridian.paxos.core.Compaction;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosNode;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.paxos.driver.ReplicaStatus;
import io.meridian.range.KeyRange;
import io.meridian.range.LocalTablet;
import io.meridian.range.RangeDirectory;
import io.meridian.range.TabletStateMachine;
import io.meridian.rpc.net.ClientProtocolServer;
import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.auth.UserStore;
import io.meridian.server.session.SessionRegistry;
import io.meridian.sql.SqlEngine;
import io.meridian.sql.SqlStateException;
import io.meridian.storage.RocksStorage;
import io.meridian.truetime.FileHighWaterMark;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.TrueTimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.meridian.truetime.master.TimeMaster;
import io.meridian.truetime.master.TimeMasterConfig;
import io.meridian.truetime.master.TimeMasterTrueTime;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TrueTime;
import io.meridian.txn.TransactionManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node process of a multi-region cluster: its RocksDB, its replica of the tablet's Paxos
 * group (the other replicas live in the other regions' nodes), the peer network with simulated
 * latency, a SQL gateway for clients, and the HTTP status and metrics endpoint.
 *
 * <p>Transactions run where the tablet's leader is: the leader node runs them itself; any other
 * node relays its clients' sessions to the leader, paying the simulated round trip.
 *
 * <p>Membership: the group starts as the topology's nodes; {@link #addNode} and {@link #removeNode}
 * change it through the log. Whom this node talks to follows the membership its log and state
 * machine name (checked every {@link #MEMBERSHIP_FOLLOW_MILLIS}), with the addresses the changes
 * carry, so a restarted node comes back with the current group, not the topology file's. A node
 * that joins later starts from a {@link JoinPlan}.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    static final long GROUP_ID = 1;
    static final long TICK_MILLIS = 10;
    /** 50 ms: a lease is renewed every heartbeat; a few lost ones still leave it valid (see LEASE_MICROS). */
    static final int HEARTBEAT_TICKS = 5;
    /**
     * 500-1000 ms (randomised up to 2x, with pre-vote): a follower notices a dead leader within
     * this. Well above the widest simulated round trip (three-regions.yaml: 2 x 110 ms plus jitter).
     */
    static final int ELECTION_TICKS = 50;
    /**
     * 450 ms, by the rule in paxos/README.md: below the shortest election timeout (500 ms) by more
     * than 2 epsilon (at most ~14 ms with the time masters' sawtooth), so a dead leader's grants
     * have run out when a follower's timer fires and the lease never delays a failover; above a
     * heartbeat (50 ms) plus the widest round trip (~300 ms with jitter) plus 2 epsilon, so a
     * healthy leader renews before expiry.
     */
    static final long LEASE_MICROS = 450_000;
    static final int ENTRIES_PER_MESSAGE_MAX = 128;
    static final long LEADER_WAIT_MILLIS_MAX = 10_000;
    static final int SESSION_THREADS_MAX = 64;
    static final int PREFERRED_CAMPAIGNS_MAX = 20;
    static final long PREFERRED_CAMPAIGN_MILLIS = 300;
    static final long MEMBERSHIP_FOLLOW_MILLIS = 100;
    /** How much later than the preferred node the others start ticking (see the constructor). */
    static final long PREFERRED_LEADER_HEAD_START_MILLIS = 2_000;
    /** System property: "false" skips the SQL warm-up at start (for tools that start many nodes). */
    static final String SQL_WARM_UP_PROPERTY = "meridian.sqlWarmUp";

    private final Topology topology;
    private final Topology.Node self;
    /** How to reach each node this one has heard of: the topology's, the join plan's, and those added by a change. */
    private final Map<Integer, Topology.Node> addressBook = new ConcurrentHashMap<>();
    private final Set<Integer> unreachableWarned = ConcurrentHashMap.newKeySet();
    private final RocksStorage storage;
    private final ExecutorService loop;
    /** Exports tablet snapshots for followers, off the replica's loop. */
    private final ExecutorService snapshotExports;
    private final ScheduledExecutorService timers;
    /** Builds the SQL engine on taking over, off the timers that tick Paxos and deliver its messages. */
    private final ExecutorService engineBuilder;
    private final PeerNetwork peers;
    private final PaxosReplica replica;
    private final TabletStateMachine stateMachine;
    private final PrometheusMeterRegistry registry;
    private final TrueTime trueTime;
    private final LocalTablet tablet;
    private final ThreadPoolExecutor sessionPool;
    private final ClientProtocolServer clients;
    private final StatusServer status;
    private volatile SqlEngine engine;
    private volatile boolean closed;
    private String loggedState = "";
    private volatile boolean sqlWarm;

    public ClusterNode(Topology topology, int nodeId, Path data, String adminPassword)
            throws IOException, InterruptedException {
        this(topology, nodeId, null, data, adminPassword);
    }

    /**
     * Node {@code nodeId} of {@code topology}, or, with a {@code join} plan, a node added to the
     * running cluster (not in the topology file), which starts empty and catches up as a learner.
     */
    public ClusterNode(Topology topology, int nodeId, JoinPlan join, Path data, String adminPassword)
            throws IOException, InterruptedException {
        this.topology = topology;
        if (join != null && join.self().id() != nodeId) {
            throw new IllegalArgumentException("the join plan is for node " + join.self().id() + ", not " + nodeId);
        }
        if (join == null && !topology.nodeIds().contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not in topology " + topology.name()
                    + " and has no join plan (nodes added later are started by `cluster add-node`)");
        }
        this.self = join != null ? join.self() : topology.node(nodeId);
        topology.nodes().forEach(n -> addressBook.put(n.id(), n));
        if (join != null) {
            addressBook.putAll(join.members());
        }
        addressBook.put(self.id(), self);
        UserStore users = UserStore.openOrCreate(data, adminPassword);
        this.storage = RocksStorage.open(data.resolve("rocks"));
        this.loop = Executors.newSingleThreadExecutor(daemon("paxos-g" + GROUP_ID));
        this.timers = Executors.newScheduledThreadPool(2, daemon("timers"));
        this.engineBuilder = Executors.newSingleThreadExecutor(daemon("sql-engine"));
        long seed = new SplittableRandom().nextLong();
        this.peers = new PeerNetwork(topology, self, timers, seed);
        this.snapshotExports = Executors.newSingleThreadExecutor(daemon("snapshot-export"));
        this.stateMachine = new TabletStateMachine(storage, GROUP_ID, snapshotExports);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node", Integer.toString(nodeId), "region", self.region());
        this.trueTime = trueTime(topology, self, data, seed, TrueTimeMetrics.of(registry));
        // The initial members; a membership recorded by the state machine (or logged) overrides them.
        PaxosConfig config = new PaxosConfig(nodeId, join != null ? join.voters() : topology.nodeIds(), HEARTBEAT_TICKS,
                ELECTION_TICKS, ENTRIES_PER_MESSAGE_MAX).withLeaseMicros(LEASE_MICROS);
        this.replica = new PaxosReplica(GROUP_ID, config, new SplittableRandom(seed), storage.paxosLog(GROUP_ID),
                stateMachine, peers, loop, trueTime::now, registry, compaction());
        peers.register(replica);
        followMembership();
        this.tablet = new LocalTablet(GROUP_ID, KeyRange.EVERYTHING, List.of(new LocalTablet.Replica(replica, stateMachine)),
                LEADER_WAIT_MILLIS_MAX);
        peers.start();
        boolean preferred = nodeId == preferredLeader(topology);
        // The other nodes start their election timers a little later: when a whole cluster starts,
        // the preferred node (campaigning at once) wins even if its JVM came up last. With election
        // timeouts of 0.5-1 s a busy machine otherwise let another node win first.
        long firstTickMillis = preferred ? TICK_MILLIS : PREFERRED_LEADER_HEAD_START_MILLIS;
        timers.scheduleAtFixedRate(replica::tick, firstTickMillis, TICK_MILLIS, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::followMembershipQuietly, MEMBERSHIP_FOLLOW_MILLIS, MEMBERSHIP_FOLLOW_MILLIS,
                TimeUnit.MILLISECONDS);
        if (preferred) {
            campaignWhileLeaderless(PREFERRED_CAMPAIGNS_MAX);
        }
        watchLeadership();
        timers.schedule(this::logTransitions, TICK_MILLIS, TimeUnit.MILLISECONDS);
        AtomicInteger threadIds = new AtomicInteger();
        this.sessionPool = new ThreadPoolExecutor(SESSION_THREADS_MAX, SESSION_THREADS_MAX, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "session-" + threadIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        sessionPool.allowCoreThreadTimeOut(true);
        AtomicLong sessionIds = new AtomicLong((long) nodeId << 48);
        SessionRegistry sessionRegistry = new SessionRegistry();
        this.clients = ClientProtocolServer.start(new InetSocketAddress(topology.host(), self.clientPort()),
                () -> new GatewaySession(this, users, sessionIds.incrementAndGet(), sessionRegistry), sessionPool,
                FrameLimits.defaults());
        this.status = StatusServer.start(this, registry, new InetSocketAddress(topology.host(), self.httpPort()));
        LOG.info("node {} ({}) up: clients {}, peers {}, http {}", nodeId, self.region(), self.clientPort(),
                self.peerPort(), self.httpPort());
        if (Boolean.parseBoolean(System.getProperty(SQL_WARM_UP_PROPERTY, "true"))) {
            warmUpSql(data.resolve("sql-warm-up"));
        } else {
            sqlWarm = true;
        }
    }

    /**
     * Loads and compiles the SQL path in the background (see {@link SqlWarmUp}), at low priority:
     * a follower that takes over then answers its first statement in milliseconds, not seconds.
     */
    private void warmUpSql(Path scratch) {
        Thread thread = new Thread(() -> {
            // Start after the group has a leader: the warm-up's CPU must not slow the first election.
            long waitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MILLIS_MAX);
            while (!closed && replica.leaderHint() < 0 && System.nanoTime() < waitUntil) {
                try {
                    TimeUnit.MILLISECONDS.sleep(TICK_MILLIS * 10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (closed) {
                return;
            }
            long started = System.nanoTime();
            try {
                int statements = SqlWarmUp.run(scratch);
                LOG.info("node {}: SQL path warmed up ({} statements in {} ms)", self.id(), statements,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } catch (IOException | SqlStateException | RuntimeException e) {
                LOG.warn("node {}: SQL warm-up failed, so a takeover's first statements will be slower: {}", self.id(),
                        e.toString());
            }
            sqlWarm = true;
        }, "sql-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * The node's clock: its region's simulated time master (Spanner's GPS/atomic masters; true
     * time is this machine's clock, which every simulated master reads), or the HLC fallback with
     * the region's epsilon as the offset bound. Both are honest on one machine.
     */
    private static TrueTime trueTime(Topology topology, Topology.Node self, Path data, long seed, TrueTimeMetrics metrics) {
        long epsilon = topology.region(self.region()).epsilonMicros();
        if (topology.timeSource() == Topology.TimeSource.HLC) {
            return new HlcTrueTime(SystemClock.INSTANCE, epsilon, new FileHighWaterMark(data.resolve("hlc-high-water")),
                    metrics);
        }
        TimeMaster master = new TimeMaster(self.region(), SystemClock.INSTANCE, epsilon, new SplittableRandom(seed));
        return new TimeMasterTrueTime(SystemClock.INSTANCE, master, TimeMasterConfig.DEFAULT, metrics);
    }

    /**
     * {@link Compaction#defaults()}, or what the system properties {@code meridian.snapshotEverySlots},
     * {@code meridian.retainSlotsMax} and {@code meridian.snapshotChunkBytes} say (tests make a
     * cluster snapshot often, in small chunks, so a joining node catches up by snapshot).
     */
    static Compaction compaction() {
        Compaction d = Compaction.defaults();
        return new Compaction(Long.getLong("meridian.snapshotEverySlots", d.snapshotEverySlots()),
                Long.getLong("meridian.retainSlotsMax", d.retainSlotsMax()),
                Integer.getInteger("meridian.snapshotChunkBytes", d.chunkBytesMax()));
    }

    /**
     * Points the peer network at every member of the membership this node's log names and of the
     * one its state machine applied (a removal logged but not yet chosen keeps the removed node
     * reachable), learning the addresses the changes carry.
     */
    private void followMembership() {
        Membership latest = replica.membership();
        Membership applied = stateMachine.membership();
        Set<Integer> wanted = new TreeSet<>(latest.members());
        learnAddresses(latest);
        if (applied != null) {
            wanted.addAll(applied.members());
            learnAddresses(applied);
        }
        wanted.remove(self.id());
        Map<Integer, Topology.Node> targets = new TreeMap<>();
        for (int id : wanted) {
            Topology.Node node = addressBook.get(id);
            if (node != null) {
                targets.put(id, node);
            } else if (unreachableWarned.add(id)) {
                LOG.warn("node {}: node {} is a member but no address for it is known here; messages to it are dropped",
                        self.id(), id);
            }
        }
        peers.follow(targets);
    }

    private void followMembershipQuietly() {
        try {
            if (!closed) {
                followMembership();
            }
        } catch (RuntimeException e) {
            LOG.warn("node {}: could not follow the membership: {}", self.id(), e.toString());
        }
    }

    private void learnAddresses(Membership membership) {
        for (Map.Entry<Integer, String> a : membership.addresses().entrySet()) {
            if (a.getKey() != self.id()) {
                try {
                    addressBook.put(a.getKey(), NodeAddresses.decode(a.getKey(), a.getValue()));
                } catch (IllegalArgumentException e) {
                    if (unreachableWarned.add(a.getKey())) {
                        LOG.warn("node {}: {}", self.id(), e.getMessage());
                    }
                }
            }
        }
    }

    /** How to reach node {@code id}, if this node knows. */
    Optional<Topology.Node> addressOf(int id) {
        return Optional.ofNullable(addressBook.get(id));
    }

    /**
     * As the leader, adds node {@code node} (its region and ports) to the tablet's group: it joins
     * as a learner, catches up from the log or a snapshot, and is promoted to voter. Completes with
     * the new membership; see {@link PaxosReplica#addReplica(int, String)} for the failures.
     */
    public CompletableFuture<Membership> addNode(Topology.Node node) {
        topology.region(node.region());
        return replica.addReplica(node.id(), NodeAddresses.encode(node));
    }

    /** As the leader, removes node {@code nodeId} from the group (the leader itself too, which then steps down). */
    public CompletableFuture<Membership> removeNode(int nodeId) {
        return replica.removeReplica(nodeId);
    }

    /**
     * The lowest-numbered node of the leader region: only it campaigns eagerly. When several
     * nodes share that region, eager campaigns from all of them (skipping pre-vote) duel: at start
     * up they kept deposing each other for seconds (ballots up to 19 on one-region.yaml).
     */
    static int preferredLeader(Topology topology) {
        return topology.nodeIds().stream().filter(id -> topology.node(id).region().equals(topology.leaderRegion()))
                .mapToInt(Integer::intValue).min().orElse(-1);
    }

    /**
     * Logs each change of this replica's role, leader, readiness and lease, polled every tick:
     * with wall-clock timestamps the node logs give a failover's timeline.
     */
    private void logTransitions() {
        if (closed) {
            return;
        }
        ReplicaStatus s = replica.status();
        String state = s == null ? "starting" : s.role() + " in ballot " + s.promised() + ", leader " + s.leaderId()
                + (s.readyLeader() ? ", ready" : "") + (replica.hasValidLease() ? ", lease" : "");
        if (!state.equals(loggedState)) {
            LOG.info("node {}: {} (chosen {}, applied {})", self.id(), state, s == null ? 0 : s.chosenIndex(),
                    s == null ? 0 : s.appliedIndex());
            loggedState = state;
        }
        timers.schedule(this::logTransitions, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The preferred region's node campaigns at once and again while no leader is known (its
     * first Prepares may reach peers that are still starting), so it usually wins before the
     * others' randomised election timeouts fire.
     */
    private void campaignWhileLeaderless(int attemptsLeft) {
        if (closed || attemptsLeft == 0 || replica.leaderHint() >= 0) {
            return;
        }
        ReplicaStatus status = replica.status();
        // A campaign in progress is left to finish: starting another bumps the ballot and throws
        // away the promises on their way. Under load (slow fsyncs) promises take over 300 ms, and
        // re-campaigning every 300 ms kept the preferred node a candidate for seconds (ballots 1-20).
        if (status == null || status.role() != PaxosNode.Role.CANDIDATE) {
            replica.campaign();
        }
        timers.schedule(() -> campaignWhileLeaderless(attemptsLeft - 1), PREFERRED_CAMPAIGN_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Each time this replica becomes the ready leader, build a fresh SQL engine: the catalog is
     * reloaded because other leaders may have changed it meanwhile. Losing leadership drops it.
     */
    private void watchLeadership() {
        replica.whenReadyLeader().thenRunAsync(() -> {
            if (closed) {
                return;
            }
            try {
                TransactionManager txns = new TransactionManager(trueTime, SystemClock.INSTANCE,
                        new RangeDirectory(List.of(tablet)), TransactionManager.Limits.defaults());
                engine = new SqlEngine(txns, trueTime, SqlEngine.Limits.defaults());
                LOG.info("node {} leads the tablet; SQL engine ready", self.id());
            } catch (SqlStateException | RuntimeException e) {
                LOG.warn("node {} became leader but could not load the catalog: {}", self.id(), e.getMessage());
            }
            timers.schedule(this::watchLostLeadership, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }, engineBuilder);
    }

    private void watchLostLeadership() {
        if (closed) {
            return;
        }
        if (replica.isReadyLeader()) {
            timers.schedule(this::watchLostLeadership, TICK_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        LOG.info("node {} no longer leads the tablet", self.id());
        engine = null;
        watchLeadership();
    }

    /** The SQL engine while this node is the ready leader, else null. */
    SqlEngine engine() {
        return replica.isReadyLeader() ? engine : null;
    }

    /** True once the SQL warm-up finished (or was skipped or failed): nothing more will warm this JVM up front. */
    boolean sqlWarm() {
        return sqlWarm;
    }

    Topology topology() {
        return topology;
    }

    Topology.Node self() {
        return self;
    }

    PaxosReplica replica() {
        return replica;
    }

    /**
     * Hands the tablet's leadership to node {@code nodeId} (leader placement); see
     * {@link PaxosReplica#transferLeadership}. Fails at once unless this node leads.
     */
    public CompletableFuture<Void> transferLeadership(int nodeId) {
        return replica.transferLeadership(nodeId);
    }

    TabletStateMachine stateMachine() {
        return stateMachine;
    }

    TrueTime trueTime() {
        return trueTime;
    }

    int openClientConnections() {
        return clients.openConnections();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        closed = true;
        status.close();
        clients.close();
        sessionPool.shutdownNow();
        timers.shutdownNow();
        engineBuilder.shutdownNow();
        peers.close();
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The pinned snapshot view must go before the database closes (close waits for a running export).
        stateMachine.close();
        snapshotExports.shutdownNow();
        storage.close();
    }
}
