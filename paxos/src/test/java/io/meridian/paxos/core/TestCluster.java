package io.meridian.paxos.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import io.meridian.truetime.TimeInterval;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    private Compaction compaction = Compaction.NONE;
    /** Per node: the newest snapshot (the applied commands serialized), its index, and staged chunks. */
    private final Map<Integer, byte[]> snapshots = new HashMap<>();
    private final Map<Integer, Long> snapshotIndexes = new HashMap<>();
    private final Map<Integer, Long> compactedIndexes = new HashMap<>();
    private final Map<Integer, ByteArrayOutputStream> staging = new HashMap<>();
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
        LogReader reader = new LogReader() {
            @Override
            public List<LogEntry> entries(long from, long to) {
                return new ArrayList<>(disk.subMap(from, true, to, true).values());
            }

            @Override
            public long compactedIndex() {
                return compactedIndexes.getOrDefault(id, 0L);
            }
        };
        SnapshotReader snapshotReader = new SnapshotReader() {
            @Override
            public long latestIndex() {
                return snapshotIndexes.getOrDefault(id, 0L);
            }

            @Override
            public SnapshotChunk read(long index, long offset, int bytesMax) {
                byte[] bytes = snapshots.get(id);
                if (index != latestIndex() || offset > bytes.length) {
                    return null;
                }
                int end = (int) Math.min(bytes.length, offset + bytesMax);
                return new SnapshotChunk(Arrays.copyOfRange(bytes, (int) offset, end), end == bytes.length);
            }
        };
        staging.remove(id);
        Membership appliedMembership = null;
        for (LogEntry e : applied.get(id)) {
            if (Membership.isMembership(e.command())) {
                appliedMembership = Membership.decode(e.command());
            }
        }
        LeaseClock clock = leaseMicros > 0 ? () -> clockOf(id) : null;
        nodes.put(id, new PaxosNode(config, random.split(), hardStates.get(id), applied.get(id).size(), reader,
                snapshotReader, compaction, appliedMembership, clock));
        down.remove(id);
    }

    /** Starts a replica outside the group (its config names the initial members, not itself). */
    void startSpare(int id) {
        disks.put(id, new TreeMap<>());
        applied.put(id, new ArrayList<>());
        start(id);
    }

    long proposeMembership(int id, Membership next) {
        long slot = node(id).proposeMembership(next);
        drain(id);
        return slot;
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

    /**
     * Nodes {@code ids} go one minimum election timeout without hearing a leader, what they said
     * meanwhile lost: only then does leader stickiness let them promise another candidate.
     */
    void loseLeader(int... ids) {
        for (int i = 0; i < ELECTION_TICKS; i++) {
            for (int id : ids) {
                tick(id, 1);
            }
        }
        for (int id : ids) {
            queue.removeIf(m -> m.from() == id);
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
            if (ready.snapshotChunk() != null) {
                stage(id, ready.snapshotChunk());
            }
            node.advance(ready);
            ready = node.ready();
        }
    }

    /** Restarts every node with {@code compaction} (tests set it up front, before any traffic). */
    void compaction(Compaction newCompaction) {
        this.compaction = newCompaction;
        for (int id : members) {
            start(id);
        }
    }

    /** Node {@code id} snapshots its applied state and truncates its disk as the node says. */
    long snapshot(int id) {
        List<LogEntry> sm = applied.get(id);
        snapshots.put(id, serialize(sm));
        snapshotIndexes.put(id, (long) sm.size());
        long through = node(id).snapshotTaken(sm.size());
        if (through > 0) {
            disks.get(id).headMap(through, true).clear();
            compactedIndexes.put(id, through);
        }
        drain(id);
        return through;
    }

    private void stage(int id, PaxosMessage.InstallSnapshot chunk) {
        if (chunk.offset() == 0) {
            staging.put(id, new ByteArrayOutputStream());
        }
        ByteArrayOutputStream out = staging.get(id);
        Invariants.check(out != null && out.size() == chunk.offset(), "chunk at %s, staged %s", chunk.offset(),
                out == null ? -1 : out.size());
        out.writeBytes(chunk.data());
        if (chunk.last()) {
            byte[] bytes = out.toByteArray();
            applied.put(id, deserialize(bytes));
            // As PaxosReplica does: the node learns the membership the snapshot's state recorded.
            Membership installed = null;
            for (LogEntry e : applied.get(id)) {
                if (Membership.isMembership(e.command())) {
                    installed = Membership.decode(e.command());
                }
            }
            if (installed != null) {
                node(id).snapshotInstalled(installed);
            }
            snapshots.put(id, bytes);
            snapshotIndexes.put(id, chunk.snapshotIndex());
            disks.get(id).headMap(chunk.snapshotIndex(), true).clear();
            compactedIndexes.put(id, chunk.snapshotIndex());
            staging.remove(id);
        }
    }

    private static byte[] serialize(List<LogEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogEntry e : entries) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(e.command().length).array());
            out.writeBytes(e.command());
        }
        return out.toByteArray();
    }

    private static List<LogEntry> deserialize(byte[] bytes) {
        List<LogEntry> out = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            byte[] command = new byte[buffer.getInt()];
            buffer.get(command);
            out.add(new LogEntry(out.size() + 1L, Ballot.ZERO, command));
        }
        return out;
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
