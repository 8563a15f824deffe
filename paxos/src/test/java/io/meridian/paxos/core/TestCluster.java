package io.meridian.paxos.core;

import io.meridian.truetime.TimeInterval;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A hand-driven group of {@link PaxosNode}s for focused tests: messages wait in a queue until the
 * test delivers (or drops) them, each node is drained exactly as {@code PaxosReplica} drains it
 * (persist, send, apply, advance), and a crash keeps only what was persisted and applied.
 */
final class TestCluster {
    static final int HEARTBEAT_TICKS = 2;
    static final int ELECTION_TICKS = 10;
    static final int STALLED_HEARTBEATS = PaxosNode.STALLED_HEARTBEATS_MAX;

    private final List<Integer> members = new ArrayList<>();
    private final Map<Integer, PaxosNode> nodes = new HashMap<>();
    private final Map<Integer, TreeMap<Long, LogEntry>> disks = new HashMap<>();
    private final Map<Integer, HardState> hardStates = new HashMap<>();
    private final Map<Integer, List<LogEntry>> applied = new HashMap<>();
    private final Set<Integer> down = new HashSet<>();
    private final List<PaxosMessage> queue = new ArrayList<>();
    private final SplittableRandom random;
    private final int entriesPerMessageMax;
    private final boolean preVote;
    private final int cachedAppliedSlotsMax;
    // Leases: off unless leaseMicros > 0. True time is set by the test; node i's clock reads
    // trueMicros + offset(i) with an interval of +-epsilon around it.
    private final long leaseMicros;
    private final long epsilonMicros;
    private final Map<Integer, Long> clockOffsets = new HashMap<>();
    long trueMicros = 1_000_000_000L;

    /** A group with leader leases of {@code leaseMicros} on clocks off by up to {@code epsilonMicros}. */
    static TestCluster withLeases(int size, long leaseMicros, long epsilonMicros) {
        return new TestCluster(size, 8, true, PaxosConfig.CACHED_APPLIED_SLOTS_DEFAULT, leaseMicros, epsilonMicros);
    }

    TestCluster(int size) {
        this(size, 8, true);
    }

    TestCluster(int size, int entriesPerMessageMax, boolean preVote) {
        this(size, entriesPerMessageMax, preVote, PaxosConfig.CACHED_APPLIED_SLOTS_DEFAULT);
    }

    TestCluster(int size, int entriesPerMessageMax, boolean preVote, int cachedAppliedSlotsMax) {
        this(size, entriesPerMessageMax, preVote, cachedAppliedSlotsMax, 0, 0);
    }

    private TestCluster(int size, int entriesPerMessageMax, boolean preVote, int cachedAppliedSlotsMax,
            long leaseMicros, long epsilonMicros) {
        this.leaseMicros = leaseMicros;
        this.epsilonMicros = epsilonMicros;
        this.cachedAppliedSlotsMax = cachedAppliedSlotsMax;
        this.random = new SplittableRandom(size);
        this.entriesPerMessageMax = entriesPerMessageMax;
        this.preVote = preVote;
        for (int id = 1; id <= size; id++) {
            members.add(id);
        }
        for (int id : members) {
            disks.put(id, new TreeMap<>());
            applied.put(id, new ArrayList<>());
            start(id);
        }
    }

    private void start(int id) {
        PaxosConfig config = new PaxosConfig(id, members, HEARTBEAT_TICKS, ELECTION_TICKS, entriesPerMessageMax,
                preVote, cachedAppliedSlotsMax, leaseMicros > 0 ? leaseMicros : PaxosConfig.LEASE_MICROS_DEFAULT);
        TreeMap<Long, LogEntry> disk = disks.get(id);
        LogReader reader = (from, to) -> new ArrayList<>(disk.subMap(from, true, to, true).values());
        LeaseClock clock = leaseMicros > 0 ? () -> clockOf(id) : null;
        nodes.put(id, new PaxosNode(config, random.split(), hardStates.get(id), applied.get(id).size(), reader, clock));
        down.remove(id);
    }

    private TimeInterval clockOf(int id) {
        long local = trueMicros + clockOffsets.getOrDefault(id, 0L);
        return new TimeInterval(local - epsilonMicros, local + epsilonMicros);
    }

    /** Node {@code id}'s clock reads true time plus {@code micros} (keep |micros| within epsilon). */
    void clockOffset(int id, long micros) {
        clockOffsets.put(id, micros);
    }

    void advanceTime(long micros) {
        trueMicros += micros;
    }

    PaxosNode node(int id) {
        return nodes.get(id);
    }

    void campaign(int id) {
        node(id).campaign();
        drain(id);
    }

    long propose(int id, String command) {
        long slot = node(id).propose(command.getBytes(StandardCharsets.UTF_8));
        drain(id);
        return slot;
    }

    boolean transfer(int from, int to) {
        boolean started = node(from).transferLeadership(to);
        drain(from);
        return started;
    }

    void tick(int id, int ticks) {
        for (int i = 0; i < ticks; i++) {
            node(id).tick();
            drain(id);
        }
    }

    void tickAll(int ticks) {
        for (int i = 0; i < ticks; i++) {
            for (int id : members) {
                if (!down.contains(id)) {
                    tick(id, 1);
                }
            }
        }
    }

    /** Crashes a node: its memory is gone, its disk and applied state stay; messages to it are lost. */
    void crash(int id) {
        down.add(id);
        nodes.remove(id);
        queue.removeIf(m -> m.to() == id || m.from() == id);
    }

    void restart(int id) {
        start(id);
    }

    /** Delivers queued messages (and their consequences) until none is left that {@code pass} lets through. */
    int deliverAll() {
        return deliverWhere(m -> true);
    }

    /** Delivers, repeatedly, every queued message matching {@code pass}; the others stay queued. */
    int deliverWhere(Predicate<PaxosMessage> pass) {
        int delivered = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            Iterator<PaxosMessage> it = queue.iterator();
            while (it.hasNext()) {
                PaxosMessage m = it.next();
                if (pass.test(m)) {
                    it.remove();
                    step(m);
                    delivered++;
                    progress = true;
                    break;
                }
            }
        }
        return delivered;
    }

    /** Drops every queued message matching {@code lost}. */
    int drop(Predicate<PaxosMessage> lost) {
        int before = queue.size();
        queue.removeIf(lost);
        return before - queue.size();
    }

    void step(PaxosMessage m) {
        if (down.contains(m.to())) {
            return;
        }
        node(m.to()).step(m);
        drain(m.to());
    }

    List<PaxosMessage> queued() {
        return queue;
    }

    private void drain(int id) {
        PaxosNode node = node(id);
        Ready ready = node.ready();
        while (!ready.isEmpty()) {
            TreeMap<Long, LogEntry> disk = disks.get(id);
            for (LogEntry e : ready.entries()) {
                disk.put(e.index(), e);
            }
            if (ready.hardState() != null) {
                hardStates.put(id, ready.hardState());
            }
            queue.addAll(ready.messages());
            for (LogEntry e : ready.committed()) {
                List<LogEntry> sm = applied.get(id);
                Invariants.check(e.index() == sm.size() + 1, "node %s applied %s after %s", id, e.index(), sm.size());
                sm.add(e);
            }
            node.advance(ready);
            ready = node.ready();
        }
    }

    /** What node {@code id} applied, in order: commands as strings, no-ops as "-". */
    List<String> applied(int id) {
        List<String> out = new ArrayList<>();
        for (LogEntry e : applied.get(id)) {
            out.add(e.isNoop() ? "-" : new String(e.command(), StandardCharsets.UTF_8));
        }
        return out;
    }

    TreeMap<Long, LogEntry> disk(int id) {
        return disks.get(id);
    }

    static Predicate<PaxosMessage> between(int a, int b) {
        return m -> (m.from() == a && m.to() == b) || (m.from() == b && m.to() == a);
    }

    static Predicate<PaxosMessage> touching(int id) {
        return m -> m.from() == id || m.to() == id;
    }
}
