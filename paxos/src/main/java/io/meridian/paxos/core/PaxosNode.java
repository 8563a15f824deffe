package io.meridian.paxos.core;

import io.meridian.paxos.core.PaxosMessage.Accept;
import io.meridian.paxos.core.PaxosMessage.Accepted;
import io.meridian.paxos.core.PaxosMessage.Prepare;
import io.meridian.paxos.core.PaxosMessage.Promise;
import io.meridian.paxos.core.PaxosMessage.Reject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One replica of one Multi-Paxos group: acceptor, learner and, when elected, proposer.
 * Single-threaded: the driver owns it. Time arrives only as ticks, peers' words as messages,
 * and everything it wants done leaves through {@link #ready()}.
 *
 * <p>Phase 1 runs once per ballot for every slot above the candidate's chosen index; the new
 * leader re-proposes the highest-ballot value it learned for each slot (no-ops for gaps) in its
 * own ballot, then runs phase 2 per slot, pipelined and batched. A follower knows slot i is chosen
 * when the leader's chosen index covers i and its own entry at i carries the leader's ballot.
 */
public final class PaxosNode {
    static final int PROPOSALS_INFLIGHT_MAX = 256;

    public enum Role { FOLLOWER, CANDIDATE, LEADER }

    private final PaxosConfig config;
    private final SplittableRandom random;
    private final TreeMap<Long, LogEntry> log = new TreeMap<>();

    private Ballot promised;
    private long highestSeenRound;
    private long chosenIndex;
    private long appliedIndex;
    private long persistedIndex;
    private Role role = Role.FOLLOWER;
    private int leaderId = -1;

    private int electionElapsed;
    private int electionTimeout;
    private int heartbeatElapsed;

    // Candidate state.
    private long prepareFromIndex;
    private final Map<Integer, Promise> promises = new HashMap<>();

    // Leader state.
    private final Map<Integer, Long> matchIndex = new HashMap<>();
    private final Map<Integer, Long> nextIndex = new HashMap<>();
    private final Set<Integer> heardFrom = new HashSet<>();
    private long lastIndex;
    private long leaderReadyIndex;
    private boolean broadcastChosen;

    // Pending output.
    private final List<LogEntry> unpersisted = new ArrayList<>();
    private boolean hardStateDirty;
    private final List<PaxosMessage> outbox = new ArrayList<>();

    /**
     * Restores a replica from its durable state: the promise, the accepted log, and the index up
     * to which the state machine has applied (everything applied was chosen).
     */
    public PaxosNode(PaxosConfig config, SplittableRandom random, HardState hardState, List<LogEntry> durableLog,
            long appliedIndex) {
        this.config = config;
        this.random = random;
        this.promised = hardState == null ? Ballot.ZERO : hardState.promised();
        this.highestSeenRound = promised.round();
        for (LogEntry entry : durableLog) {
            log.put(entry.index(), entry);
        }
        this.lastIndex = log.isEmpty() ? 0 : log.lastKey();
        this.persistedIndex = lastIndex;
        this.appliedIndex = appliedIndex;
        this.chosenIndex = appliedIndex;
        Invariants.check(appliedIndex <= lastIndex || log.isEmpty() || appliedIndex == 0,
                "applied index %s beyond log end %s", appliedIndex, lastIndex);
        resetElectionTimer();
    }

    public int id() {
        return config.nodeId();
    }

    public Role role() {
        return role;
    }

    public int leaderId() {
        return leaderId;
    }

    public Ballot promised() {
        return promised;
    }

    public long chosenIndex() {
        return chosenIndex;
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    /** A leader may serve reads once it has applied everything its predecessors may have chosen. */
    public boolean isReadyLeader() {
        return role == Role.LEADER && appliedIndex >= leaderReadyIndex;
    }

    public void tick() {
        if (role == Role.LEADER) {
            tickLeader();
            return;
        }
        if (++electionElapsed >= electionTimeout) {
            campaign();
        }
    }

    private void tickLeader() {
        if (++heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            for (int peer : peers()) {
                // Retransmit from the last acknowledged slot: a lost Accept must not stall the slot.
                nextIndex.put(peer, matchIndex.get(peer) + 1);
                sendAccept(peer, true);
            }
        }
        if (++electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            // Check quorum: a leader cut off from a majority stops believing it leads.
            if (heardFrom.size() + 1 < config.quorum()) {
                becomeFollower(-1);
            }
            heardFrom.clear();
        }
    }

    /** Starts phase 1 with a ballot above every one seen. */
    public void campaign() {
        highestSeenRound = Math.max(highestSeenRound, promised.round()) + 1;
        promised = new Ballot(highestSeenRound, config.nodeId());
        hardStateDirty = true;
        role = Role.CANDIDATE;
        leaderId = -1;
        resetElectionTimer();
        prepareFromIndex = chosenIndex + 1;
        promises.clear();
        promises.put(config.nodeId(), new Promise(id(), id(), promised, acceptedFrom(prepareFromIndex), chosenIndex));
        for (int peer : peers()) {
            outbox.add(new Prepare(id(), peer, promised, prepareFromIndex));
        }
        if (promises.size() >= config.quorum()) {
            becomeLeader();
        }
    }

    /** Appends a command as leader; returns its slot, or -1 when this replica does not lead. */
    public long propose(byte[] command) {
        if (role != Role.LEADER || lastIndex - chosenIndex >= PROPOSALS_INFLIGHT_MAX * 4L) {
            return -1;
        }
        LogEntry entry = new LogEntry(++lastIndex, promised, command);
        log.put(entry.index(), entry);
        unpersisted.add(entry);
        return entry.index();
    }

    public void step(PaxosMessage message) {
        Invariants.check(message.to() == id(), "message for %s delivered to %s", message.to(), id());
        highestSeenRound = Math.max(highestSeenRound, message.ballot().round());
        if (message instanceof Prepare m) {
            onPrepare(m);
        } else if (message instanceof Promise m) {
            onPromise(m);
        } else if (message instanceof Accept m) {
            onAccept(m);
        } else if (message instanceof Accepted m) {
            onAccepted(m);
        } else if (message instanceof Reject m) {
            onReject(m);
        }
    }

    private void onPrepare(Prepare m) {
        if (m.ballot().compareTo(promised) < 0) {
            outbox.add(new Reject(id(), m.from(), promised, localMatch(promised)));
            return;
        }
        if (m.ballot().isAbove(promised)) {
            promised = m.ballot();
            hardStateDirty = true;
            becomeFollower(-1);
        }
        outbox.add(new Promise(id(), m.from(), promised, acceptedFrom(m.fromIndex()), chosenIndex));
    }

    private void onPromise(Promise m) {
        if (role != Role.CANDIDATE || !m.ballot().equals(promised)) {
            return;
        }
        promises.put(m.from(), m);
        if (promises.size() >= config.quorum()) {
            becomeLeader();
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = id();
        Map<Long, LogEntry> recovered = new TreeMap<>();
        for (Promise p : promises.values()) {
            for (LogEntry e : p.accepted()) {
                LogEntry known = recovered.get(e.index());
                if (known == null || e.ballot().isAbove(known.ballot())) {
                    recovered.put(e.index(), e);
                }
            }
        }
        long end = Math.max(chosenIndex, recovered.isEmpty() ? 0 : ((TreeMap<Long, LogEntry>) recovered).lastKey());
        for (long slot = prepareFromIndex; slot <= end; slot++) {
            LogEntry e = recovered.get(slot);
            LogEntry mine = (e == null ? new LogEntry(slot, promised, new byte[0]) : e).restamp(promised);
            log.put(slot, mine);
            unpersisted.add(mine);
        }
        log.tailMap(end, false).clear();
        lastIndex = end;
        leaderReadyIndex = end;
        // Recovered slots count toward our own acceptance only once persisted in our ballot.
        persistedIndex = chosenIndex;
        matchIndex.clear();
        nextIndex.clear();
        heardFrom.clear();
        for (int peer : peers()) {
            Promise p = promises.get(peer);
            long match = p == null ? 0 : Math.min(p.chosenIndex(), chosenIndex);
            matchIndex.put(peer, match);
            nextIndex.put(peer, match + 1);
            if (p != null) {
                heardFrom.add(peer);
            }
        }
        promises.clear();
        heartbeatElapsed = 0;
        electionElapsed = 0;
        broadcastChosen = true;
    }

    private void onAccept(Accept m) {
        if (m.ballot().compareTo(promised) < 0) {
            outbox.add(new Reject(id(), m.from(), promised, localMatch(promised)));
            return;
        }
        if (m.ballot().isAbove(promised)) {
            promised = m.ballot();
            hardStateDirty = true;
        }
        becomeFollower(m.from());
        long match = localMatch(promised);
        if (!m.entries().isEmpty() && m.entries().get(0).index() > match + 1) {
            outbox.add(new Reject(id(), m.from(), promised, match));
            return;
        }
        for (LogEntry e : m.entries()) {
            Invariants.check(e.ballot().equals(m.ballot()), "entry %s not stamped with %s", e, m.ballot());
            if (e.index() > chosenIndex) {
                log.put(e.index(), e);
                unpersisted.add(e);
            }
        }
        match = localMatch(promised);
        chosenIndex = Math.max(chosenIndex, Math.min(m.chosenIndex(), match));
        outbox.add(new Accepted(id(), m.from(), promised, match));
    }

    private void onAccepted(Accepted m) {
        if (role != Role.LEADER || !m.ballot().equals(promised)) {
            return;
        }
        heardFrom.add(m.from());
        matchIndex.merge(m.from(), m.matchIndex(), Math::max);
        nextIndex.merge(m.from(), m.matchIndex() + 1, Math::max);
        advanceChosen();
    }

    private void onReject(Reject m) {
        if (m.ballot().isAbove(promised)) {
            if (role != Role.FOLLOWER) {
                becomeFollower(-1);
            }
            return;
        }
        if (role == Role.LEADER && m.ballot().equals(promised)) {
            // Same ballot: the follower has a gap; resend from what it holds.
            heardFrom.add(m.from());
            matchIndex.put(m.from(), m.matchIndex());
            nextIndex.put(m.from(), m.matchIndex() + 1);
        }
    }

    private void advanceChosen() {
        List<Long> matches = new ArrayList<>();
        matches.add(persistedIndex);
        for (int peer : peers()) {
            matches.add(matchIndex.get(peer));
        }
        matches.sort(null);
        long quorumMatch = matches.get(matches.size() - config.quorum());
        if (quorumMatch > chosenIndex) {
            chosenIndex = Math.min(quorumMatch, lastIndex);
            broadcastChosen = true;
        }
    }

    private void becomeFollower(int leader) {
        role = Role.FOLLOWER;
        leaderId = leader;
        promises.clear();
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        electionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    /** Highest slot m such that every slot up to m holds a chosen value or ballot b's value. */
    private long localMatch(Ballot b) {
        long m = chosenIndex;
        for (LogEntry e : log.tailMap(chosenIndex, false).values()) {
            if (e.index() != m + 1 || !e.ballot().equals(b)) {
                break;
            }
            m++;
        }
        return m;
    }

    private List<LogEntry> acceptedFrom(long fromIndex) {
        return new ArrayList<>(log.tailMap(fromIndex, true).values());
    }

    private List<Integer> peers() {
        List<Integer> peers = new ArrayList<>(config.members());
        peers.remove(Integer.valueOf(config.nodeId()));
        return peers;
    }

    private void sendAccept(int peer, boolean evenIfEmpty) {
        long next = nextIndex.get(peer);
        long end = Math.min(lastIndex, next + config.entriesPerMessageMax() - 1);
        if (next - matchIndex.get(peer) > PROPOSALS_INFLIGHT_MAX) {
            end = next - 1;
        }
        List<LogEntry> entries = new ArrayList<>();
        for (long i = next; i <= end; i++) {
            // Slots at or below our chosen index hold chosen values: re-proposing them in our
            // ballot is safe and lets the follower treat the ballot stamp as proof.
            entries.add(log.get(i).restamp(promised));
        }
        if (entries.isEmpty() && !evenIfEmpty) {
            return;
        }
        nextIndex.put(peer, end + 1 > next ? end + 1 : next);
        outbox.add(new Accept(id(), peer, promised, entries, chosenIndex));
    }

    /** Collects everything the driver must do now. */
    public Ready ready() {
        if (role == Role.LEADER) {
            for (int peer : peers()) {
                sendAccept(peer, broadcastChosen);
            }
            broadcastChosen = false;
        }
        List<LogEntry> committed = new ArrayList<>();
        for (long i = appliedIndex + 1; i <= chosenIndex; i++) {
            LogEntry e = log.get(i);
            Invariants.check(e != null, "chosen slot %s missing on node %s", i, id());
            committed.add(e);
        }
        return new Ready(List.copyOf(unpersisted), hardStateDirty ? new HardState(promised) : null,
                List.copyOf(outbox), committed);
    }

    /** The driver did what {@code ready} asked: entries are durable, messages sent, commits applied. */
    public void advance(Ready ready) {
        unpersisted.subList(0, ready.entries().size()).clear();
        outbox.subList(0, ready.messages().size()).clear();
        if (ready.hardState() != null && ready.hardState().promised().equals(promised)) {
            hardStateDirty = false;
        }
        for (LogEntry e : ready.entries()) {
            persistedIndex = Math.max(persistedIndex, e.index());
        }
        if (!ready.committed().isEmpty()) {
            appliedIndex = ready.committed().get(ready.committed().size() - 1).index();
        }
        if (role == Role.LEADER) {
            advanceChosen();
        }
    }
}
