package io.meridian.paxos.core;

import io.meridian.paxos.core.PaxosMessage.Accept;
import io.meridian.paxos.core.PaxosMessage.Accepted;
import io.meridian.paxos.core.PaxosMessage.InstallSnapshot;
import io.meridian.paxos.core.PaxosMessage.Prepare;
import io.meridian.paxos.core.PaxosMessage.Promise;
import io.meridian.paxos.core.PaxosMessage.Reject;
import io.meridian.paxos.core.PaxosMessage.SnapshotAck;
import io.meridian.paxos.core.PaxosMessage.Relinquish;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
 * The protocol invariants are spelled out in {@code package-info.java}.
 */
public final class PaxosNode {
    /** Slots sent to one follower and not yet acknowledged by it. */
    static final int PROPOSALS_INFLIGHT_MAX = 256;
    /**
     * Heartbeats without any new acknowledgement from a follower that has slots outstanding before
     * the leader resends: more than one, so a round trip longer than a heartbeat (regions apart)
     * does not look like loss.
     */
    static final int STALLED_HEARTBEATS_MAX = 2;
    /** Slots a leader holds proposed but not chosen; beyond this it refuses proposals (push back). */
    static final long UNCHOSEN_SLOTS_MAX = PROPOSALS_INFLIGHT_MAX * 4L;
    /**
     * How far a candidate's chosen index may trail ours for us to promise it. A Promise carries
     * every slot from the candidate's chosen index on, so this bounds its size; the replica with
     * the highest chosen index in any live quorum is never refused, so some replica still wins.
     */
    static final long CANDIDATE_LAG_SLOTS_MAX = UNCHOSEN_SLOTS_MAX;

    public enum Role { FOLLOWER, CANDIDATE, LEADER }

    private final PaxosConfig config;
    private final SplittableRandom random;
    private final MembershipLog membership;
    private final ReplicaLog log;
    private final Compaction compaction;
    private final SnapshotSender snapshotSender;
    private final SnapshotReceiver snapshotReceiver = new SnapshotReceiver();
    /** Slots up to here are covered by a snapshot and gone from the log (on disk too, once the driver truncates). */
    private long compactedIndex;
    private final LeaseKeeper lease;

    private Ballot promised;
    private long highestSeenRound;
    private long chosenIndex;
    private long appliedIndex;
    private long persistedIndex;
    private long lastIndex;
    private Role role = Role.FOLLOWER;
    private int leaderId = -1;

    private int electionElapsed;
    private int electionTimeout;
    private int heartbeatElapsed;
    // Leader stickiness: ticks since a leader last spoke, the ballot whose leader announced a
    // handover, ticks the announcement still counts for, the newest Prepare ignored for a leader.
    private int leaderSilentTicks;
    private Ballot relinquishedBallot;
    private int relinquishedTicksLeft;
    private Prepare ignoredPrepare;

    // Candidate state.
    private long prepareFromIndex;
    private final Map<Integer, Promise> promises = new HashMap<>();
    private final Set<Integer> prepared = new HashSet<>();
    private Membership installedMembership;
    /** peers(), cached for the membership set it was computed from. */
    private Set<Integer> peersOf;
    private List<Integer> peers = List.of();
    private Ballot preVoteBallot;
    private final Set<Integer> preVotes = new HashSet<>();

    // Leader state.
    private final Map<Integer, Progress> progress = new HashMap<>();
    private final Set<Integer> heardFrom = new HashSet<>();
    private long leaderReadyIndex;
    private boolean broadcastChosen;
    // Leader transfer: the target, ticks since it began, and whether the lease was handed over.
    private int transferTarget = -1;
    private int transferElapsed;
    private boolean handedOver;
    private long handoverFloor;

    // Pending output.
    private final List<LogEntry> unpersisted = new ArrayList<>();
    private boolean hardStateDirty;
    private final List<PaxosMessage> outbox = new ArrayList<>();
    private long messagesIgnored;

    /**
     * Restores a replica from its durable state: the promise, the accepted log, and the index up
     * to which the state machine has applied (everything applied was chosen). The whole log is
     * given and stays in memory.
     */
    public PaxosNode(PaxosConfig config, SplittableRandom random, HardState hardState, List<LogEntry> durableLog,
            long appliedIndex) {
        this(config, random, hardState, appliedIndex, listReader(durableLog), Integer.MAX_VALUE, SnapshotReader.NONE,
                Compaction.NONE, null, null);
    }

    /**
     * Restores a replica from its durable state, reading from {@code durable} only the tail it keeps
     * in memory (the last {@code cachedAppliedSlotsMax} applied slots and everything after them).
     */
    public PaxosNode(PaxosConfig config, SplittableRandom random, HardState hardState, long appliedIndex,
            LogReader durable) {
        this(config, random, hardState, appliedIndex, durable, config.cachedAppliedSlotsMax(), SnapshotReader.NONE,
                Compaction.NONE, null, null);
    }

    /**
     * As above, with leader leases measured on {@code clock} (TrueTime; null turns leases off). A
     * node with a clock helps no candidate for one lease length after it starts: it cannot know
     * what it granted before a crash.
     */
    public PaxosNode(PaxosConfig config, SplittableRandom random, HardState hardState, long appliedIndex,
            LogReader durable, LeaseClock clock) {
        this(config, random, hardState, appliedIndex, durable, config.cachedAppliedSlotsMax(), SnapshotReader.NONE,
                Compaction.NONE, null, clock);
    }

    /**
     * Restores a replica that compacts its log: {@code snapshots} is its state machine's newest
     * durable snapshot, sent to followers whose next slot was compacted away. Everything up to that
     * snapshot counts as compacted after a restart, whatever the log still holds.
     */
    public PaxosNode(PaxosConfig config, SplittableRandom random, HardState hardState, long appliedIndex,
            LogReader durable, SnapshotReader snapshots, Compaction compaction) {
        this(config, random, hardState, appliedIndex, durable, config.cachedAppliedSlotsMax(), snapshots, compaction,
                null, null);
    }

    /**
     * The whole set: compaction as above; {@code appliedMembership} is the membership the state
     * machine recorded with its applied prefix (null: none was ever applied, the group is still
     * {@code config.members()}, all voters); leases on {@code clock} (null: off).
     */
    public PaxosNode(PaxosConfig config, SplittableRandom random, HardState hardState, long appliedIndex,
            LogReader durable, SnapshotReader snapshots, Compaction compaction, Membership appliedMembership,
            LeaseClock clock) {
        this(config, random, hardState, appliedIndex, durable, config.cachedAppliedSlotsMax(), snapshots, compaction,
                appliedMembership, clock);
    }

    private PaxosNode(PaxosConfig config, SplittableRandom random, HardState hardState, long appliedIndex,
            LogReader durable, int cachedAppliedSlotsMax, SnapshotReader snapshots, Compaction compaction,
            Membership appliedMembership, LeaseClock clock) {
        this.config = config;
        // A lease needs grants from a quorum of every membership that may govern an open slot, as
        // an election does, so the two always share an acceptor.
        this.lease = new LeaseKeeper(config.nodeId(), this::leaseQuorum, config.leaseMicros(), clock,
                hardState != null && hardState.promised().isAbove(Ballot.ZERO));
        this.random = random;
        this.promised = hardState == null ? Ballot.ZERO : hardState.promised();
        this.highestSeenRound = promised.round();
        this.compaction = compaction;
        this.snapshotSender = new SnapshotSender(snapshots, compaction.chunkBytesMax());
        this.compactedIndex = compactedAfterRestart(durable, snapshots.latestIndex());
        Invariants.check(compactedIndex <= appliedIndex, "node %s compacted through %s but applied only %s",
                config.nodeId(), compactedIndex, appliedIndex);
        this.log = new ReplicaLog(durable, cachedAppliedSlotsMax, appliedIndex, compactedIndex);
        this.membership = new MembershipLog(
                appliedMembership != null ? appliedMembership : Membership.ofVoters(config.members()));
        for (LogEntry e : log.entries(appliedIndex + 1, Long.MAX_VALUE)) {
            membership.put(e);
        }
        this.lastIndex = log.lastIndex(appliedIndex);
        this.persistedIndex = lastIndex;
        this.appliedIndex = appliedIndex;
        this.chosenIndex = appliedIndex;
        resetElectionTimer();
    }

    /**
     * Where the log starts after a restart. The durable log's own truncation point when it still
     * holds every slot from there up to the snapshot: a trailing follower is then served from that
     * retained tail, as before the restart. Otherwise (nothing retained, a gap, or a log that does
     * not say) the snapshot's slot.
     */
    private static long compactedAfterRestart(LogReader durable, long snapshotIndex) {
        long truncated = durable.compactedIndex();
        if (truncated >= snapshotIndex) {
            return truncated;
        }
        // Both ends are not enough: a follower that installed a snapshot (and crashed before
        // truncating) may hold scattered slots below it, accepted out of order (sim seed 4758 with
        // pre-vote off: slots 1-6 and 26 of 26, and as leader it had no slot 7 to send). Read once
        // at start-up: at most the retained stretch plus one snapshot interval.
        boolean holdsTail = durable.entries(truncated + 1, snapshotIndex).size() == snapshotIndex - truncated;
        return holdsTail ? truncated : snapshotIndex;
    }

    private static LogReader listReader(List<LogEntry> entries) {
        TreeMap<Long, LogEntry> all = new TreeMap<>();
        for (LogEntry e : entries) {
            all.put(e.index(), e);
        }
        return (from, to) -> new ArrayList<>(all.subMap(from, true, to, true).values());
    }

    public int id() {
        return config.nodeId();
    }

    /** The membership the newest change in this replica's log names (logged, maybe not yet chosen). */
    public Membership membership() {
        return membership.latest();
    }

    /** Every member of the group (voters and learners) as this replica's log names it, itself included. */
    public List<Integer> members() {
        return List.copyOf(membership.latest().members());
    }

    /** Everyone the leader replicates to: every member of every governing membership but itself. */
    private List<Integer> peers() {
        Set<Integer> everyone = membership.everyone();
        if (everyone != peersOf) {
            peersOf = everyone;
            List<Integer> out = new ArrayList<>(everyone);
            out.remove(Integer.valueOf(id()));
            peers = List.copyOf(out);
        }
        return peers;
    }

    /** The leader's view of {@code peer}; a member added since the election starts unknown (probing). */
    private Progress progress(int peer) {
        return progress.computeIfAbsent(peer, p -> new Progress(0, chosenIndex + 1, true));
    }

    private void putEntry(LogEntry e) {
        log.put(e);
        membership.put(e);
        if (Membership.isMembership(e.command())) {
            // Quorums changed: a lease must be won again from a quorum of every governing membership.
            lease.membershipChanged();
        }
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

    /** The highest slot in this replica's log (accepted or proposed, not necessarily chosen). */
    public long lastIndex() {
        return lastIndex;
    }

    /** The highest slot compacted away (covered by a snapshot, no longer in the log). */
    public long compactedIndex() {
        return compactedIndex;
    }

    /** Entries held in memory (the rest of the log is on disk only). */
    int cachedEntries() {
        return log.cachedEntries();
    }

    /** Messages dropped as malformed or misaddressed (a peer's bug, not ours: we do not stop for it). */
    public long messagesIgnored() {
        return messagesIgnored;
    }

    /**
     * Leads, and has applied everything its predecessors may have chosen plus its own election
     * no-op (so a quorum accepted its ballot). Not a lease: a leader deposed by a partition keeps
     * saying true until it notices (check quorum, at most {@code electionTicks}), so reads served
     * on this alone can be stale; {@link #hasValidLease} is what makes them safe.
     */
    public boolean isReadyLeader() {
        return role == Role.LEADER && appliedIndex >= leaderReadyIndex;
    }

    /**
     * True while this replica leads and holds a leader lease by its own clock: no other replica
     * can lead or hold a lease at this true time, so reads of its applied state are current.
     */
    public boolean hasValidLease() {
        return role == Role.LEADER && lease.valid();
    }

    /** The TrueTime at which the lease ends (valid while now().latest is below it); 0 when none. */
    public long leaseEndMicros() {
        return role == Role.LEADER ? lease.leaseEndMicros() : 0;
    }

    /**
     * TrueTime latest when this replica acquired its current lease, held without a break since
     * (it has led, ready, in one ballot all that time); 0 when it holds none.
     */
    public long leaseSinceMicros() {
        return role == Role.LEADER ? lease.leaseSinceMicros() : 0;
    }

    /** As leader, the slots {@code follower} is known to hold (its match); -1 otherwise. */
    public long followerMatch(int follower) {
        Progress p = role == Role.LEADER ? progress.get(follower) : null;
        return p == null ? -1 : p.match;
    }

    /** The replica a leader transfer is handing over to, or -1. */
    public int transferTarget() {
        return role == Role.LEADER ? transferTarget : -1;
    }

    /**
     * Starts handing leadership to {@code target}: this leader stops taking proposals, brings the
     * target's log up to its own, gives up its lease and tells the target to campaign at once. If
     * the target has not caught up within {@code electionTicks}, or not won within {@code
     * electionTicks} of the handover, the transfer is abandoned and this leader carries on.
     * Returns false when this replica does not lead or {@code target} is not a peer.
     */
    public boolean transferLeadership(int target) {
        if (role != Role.LEADER || !peers().contains(target) || !membership.latest().isVoter(target)) {
            return false;
        }
        transferTarget = target;
        transferElapsed = 0;
        handedOver = false;
        lease.stopRequesting();
        maybeHandOver();
        return true;
    }

    /** Once the target holds every slot this leader proposed: give up the lease, then TimeoutNow. */
    private void maybeHandOver() {
        if (transferTarget < 0 || handedOver || progress(transferTarget).match < lastIndex) {
            return;
        }
        handedOver = true;
        transferElapsed = 0;
        handoverFloor = lease.relinquish();
        sendRelinquish();
    }

    /** Resent every heartbeat while handing over: a lost one would otherwise stall the transfer. */
    private void sendRelinquish() {
        for (int peer : peers()) {
            outbox.add(new Relinquish(id(), peer, promised, handoverFloor, peer == transferTarget));
        }
    }

    private void endTransfer() {
        transferTarget = -1;
        transferElapsed = 0;
        handedOver = false;
    }

    public void tick() {
        if (relinquishedTicksLeft > 0) {
            relinquishedTicksLeft--;
        }
        if (role == Role.LEADER) {
            tickLeader();
            return;
        }
        leaderSilentTicks++;
        if (++electionElapsed >= electionTimeout) {
            if (!membership.latest().isVoter(id()) && !membership.applied().isVoter(id())) {
                // Learners and replicas whose removal is applied never lead. One whose removal is
                // only logged still may: it may be the only replica up to date enough to finish it.
                resetElectionTimer();
                return;
            }
            // A replica whose own log names a membership without it may have been removed without
            // knowing it is: it always asks first, so it cannot depose a live leader.
            if (config.preVote() || !membership.latest().isVoter(id())) {
                startPreVote();
            } else {
                campaign();
            }
        }
    }

    /**
     * Asks the group, without changing anyone's state, whether a quorum would promise a ballot
     * above everything seen; the real campaign starts only on a quorum of yeses. Replicas that
     * still hear from a live leader say no, so a replica that was cut off cannot depose it.
     */
    private void startPreVote() {
        if (!lease.mayHelp(id())) {
            // We granted someone a lease (or just restarted): no votes for ourselves either.
            resetElectionTimer();
            return;
        }
        role = Role.FOLLOWER;
        leaderId = -1;
        promises.clear();
        resetElectionTimer();
        preVoteBallot = Ballot.preVote(Math.max(highestSeenRound, promised.round()) + 1, id());
        preVotes.clear();
        preVotes.add(id());
        Set<Integer> asked = new HashSet<>();
        for (Membership m : membership.governingFrom(chosenIndex + 1)) {
            for (int peer : m.voters()) {
                if (peer != id() && asked.add(peer)) {
                    outbox.add(new Prepare(id(), peer, preVoteBallot, chosenIndex + 1));
                }
            }
        }
        if (preVoteQuorum()) {
            campaign();
        }
    }

    private void tickLeader() {
        if (transferTarget >= 0 && ++transferElapsed >= config.electionTicks()) {
            // The target did not win in time (down, cut off, or its election was refused): carry on.
            endTransfer();
        }
        if (++heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            if (transferTarget < 0 && isReadyLeader()) {
                lease.request();
            } else if (handedOver) {
                sendRelinquish();
            }
            for (int peer : peers()) {
                heartbeat(peer, progress(peer));
            }
        }
        if (++electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            // Check quorum: a leader cut off from a majority stops believing it leads.
            Set<Integer> reachable = new HashSet<>(heardFrom);
            reachable.add(id());
            if (!membership.latest().hasQuorum(reachable) || !membership.at(chosenIndex + 1).hasQuorum(reachable)) {
                becomeFollower(-1);
                return;
            }
            heardFrom.clear();
        }
    }

    /**
     * Every heartbeat a follower gets either an empty Accept (carrying the chosen index) or, once
     * its reports have not advanced for {@code STALLED_HEARTBEATS_MAX} heartbeats while slots were
     * outstanding, a probe: one batch from the last slot it reported, with pipelining paused until
     * a reply shows the probe landed. Lost Accepts and lost replies are repaired here, and only
     * here; no reply ever triggers a resend, so reordering and duplication cannot snowball.
     */
    private void heartbeat(int peer, Progress p) {
        if (p.snapshotIndex > 0) {
            sendChunk(snapshotSender.chunk(id(), peer, promised, p));
            return;
        }
        boolean stalled = p.reported == p.reportedAtHeartbeat && p.next - 1 > p.reported;
        p.stalledHeartbeats = stalled ? p.stalledHeartbeats + 1 : 0;
        p.reportedAtHeartbeat = p.reported;
        if (p.probing || p.stalledHeartbeats >= STALLED_HEARTBEATS_MAX) {
            p.probing = true;
            p.probeFrom = p.reported + 1;
            p.next = p.probeFrom;
            sendAccept(peer, p);
        } else {
            outbox.add(new Accept(id(), peer, promised, List.of(), chosenIndex, lease.currentRequest()));
        }
    }

    /** Starts phase 1 with a ballot above every one seen (a forced campaign skips the pre-vote). */
    public void campaign() {
        if (!lease.mayHelp(id())) {
            // Promising ourselves would break a lease we granted: the campaign waits for it to end.
            resetElectionTimer();
            return;
        }
        lease.stopLeading();
        endTransfer();
        preVoteBallot = null;
        preVotes.clear();
        highestSeenRound = Math.max(highestSeenRound, promised.round()) + 1;
        promised = new Ballot(highestSeenRound, config.nodeId());
        hardStateDirty = true;
        role = Role.CANDIDATE;
        leaderId = -1;
        resetElectionTimer();
        prepareFromIndex = chosenIndex + 1;
        promises.clear();
        promises.put(config.nodeId(), new Promise(id(), id(), promised, acceptedFrom(prepareFromIndex), chosenIndex));
        prepared.clear();
        prepared.add(id());
        prepareVoters();
        if (phase1Quorum()) {
            becomeLeader();
        }
    }

    /** Appends a command as leader; returns its slot, or -1 when this replica does not lead or is full. */
    public long propose(byte[] command) {
        if (role != Role.LEADER || transferTarget >= 0 || lastIndex - chosenIndex >= UNCHOSEN_SLOTS_MAX) {
            return -1;
        }
        LogEntry entry = new LogEntry(++lastIndex, promised, command);
        putEntry(entry);
        unpersisted.add(entry);
        return entry.index();
    }

    public void step(PaxosMessage message) {
        if (!wellFormed(message)) {
            messagesIgnored++;
            return;
        }
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
        } else if (message instanceof InstallSnapshot m) {
            onInstallSnapshot(m);
        } else if (message instanceof SnapshotAck m) {
            onSnapshotAck(m);
        } else if (message instanceof Relinquish m) {
            onRelinquish(m);
        }
    }

    /** Input from the network is checked, not trusted: a malformed message is dropped, not obeyed. */
    private boolean wellFormed(PaxosMessage message) {
        if (message.to() != id() || message.from() == id() || message.from() <= 0) {
            return false;
        }
        // A leader or candidate we do not know yet may speak first (we may have joined a group
        // whose membership changed since we were told it); everyone else must be a member.
        boolean fromLeaderOrCandidate = message instanceof Accept || message instanceof InstallSnapshot
                || message instanceof Prepare;
        if (!fromLeaderOrCandidate && !membership.everyone().contains(message.from())
                && !config.members().contains(message.from())) {
            return false;
        }
        Ballot b = message.ballot();
        if (b.isPreVote() && !(message instanceof Prepare || message instanceof Promise)) {
            return false;
        }
        if (message instanceof Prepare m) {
            // A Prepare (or pre-vote) names its sender's own ballot.
            return Math.abs(b.nodeId()) == m.from() && m.fromIndex() >= 1;
        }
        if (message instanceof InstallSnapshot m) {
            return b.nodeId() == m.from() && m.snapshotIndex() >= 1 && m.offset() >= 0 && m.data() != null;
        }
        if (message instanceof Relinquish m) {
            return b.nodeId() == m.from() && m.floor() >= 0;
        }
        if (message instanceof Accept m) {
            if (b.nodeId() != m.from()) {
                return false;
            }
            for (int i = 0; i < m.entries().size(); i++) {
                LogEntry e = m.entries().get(i);
                if (!e.ballot().equals(b) || e.index() < 1
                        || (i > 0 && e.index() != m.entries().get(i - 1).index() + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void onPrepare(Prepare m) {
        if (m.ballot().isPreVote()) {
            onPreVote(m);
            return;
        }
        if (m.ballot().compareTo(promised) < 0) {
            outbox.add(new Reject(id(), m.from(), promised, localMatch(promised)));
            return;
        }
        if (m.ballot().isAbove(promised) && leaderIsLive(m.from())) {
            // Leader stickiness (Raft's check-quorum lease): a node that campaigns while we hear
            // a live leader is cut off from it, or removed without knowing: promising would
            // depose a working leader and, repeated, starve it (sim seed 10985). Refusing is
            // always safe; if the leader is really gone we stop hearing it within electionTicks.
            ignoredPrepare = m;
            return;
        }
        if (tooFarBehind(m.fromIndex())) {
            // Refusing is always safe; promising would mean one enormous Promise message.
            return;
        }
        if (!lease.mayHelp(m.ballot().nodeId())) {
            // We granted another node a lease that may still run: no promise until it is over.
            return;
        }
        if (m.ballot().isAbove(promised)) {
            promised = m.ballot();
            hardStateDirty = true;
            becomeFollower(-1);
        }
        outbox.add(new Promise(id(), m.from(), promised, acceptedFrom(m.fromIndex()), chosenIndex));
    }

    /**
     * Whether a Prepare from {@code candidate} finds us following (or being) a live leader that
     * has not handed over: as leader, always (check quorum demotes a leader cut off from its
     * quorum); as follower, when the leader spoke within the minimum election timeout (the test a
     * pre-vote gets), so a candidate whose timer ran out after the leader died is refused at most
     * for the few ticks our last heartbeat arrived after its own. A leader
     * handing over (Relinquish, resent each heartbeat) lifts it for one election timeout, so the
     * transfer's target, which campaigns at once, can win.
     */
    private boolean leaderIsLive(int candidate) {
        if (role == Role.LEADER) {
            return !handedOver;
        }
        boolean handingOver = relinquishedTicksLeft > 0 && promised.equals(relinquishedBallot);
        return leaderId != -1 && candidate != leaderId && leaderSilentTicks < config.electionTicks() && !handingOver;
    }

    /** Says yes (a Promise in the pre-vote ballot, no state change) or nothing. */
    private void onPreVote(Prepare m) {
        boolean leaderAlive = role == Role.LEADER
                || (leaderId != -1 && electionElapsed < config.electionTicks());
        if (!m.ballot().candidate().isAbove(promised)) {
            // Tell it the ballot to beat, or it may keep asking with one that cannot win.
            outbox.add(new Reject(id(), m.from(), promised, localMatch(promised)));
        } else if (!leaderAlive && !tooFarBehind(m.fromIndex()) && lease.mayHelp(m.ballot().candidate().nodeId())) {
            outbox.add(new Promise(id(), m.from(), m.ballot(), List.of(), chosenIndex));
        }
    }

    /**
     * Too far behind to promise: the Promise would be enormous, or would have to report slots this
     * replica compacted away. The latter is a safety rule, not a size one: those slots are chosen,
     * and a candidate that did not hear their values from us might fill them with no-ops.
     */
    /** A quorum of every membership our log says may govern an open slot would promise us. */
    private boolean preVoteQuorum() {
        for (Membership m : membership.governingFrom(chosenIndex + 1)) {
            if (!m.hasQuorum(preVotes)) {
                return false;
            }
        }
        return true;
    }

    /** For leases: do these replicas form a quorum of every membership that may govern an open slot? */
    private boolean leaseQuorum(Set<Integer> ids) {
        for (Membership m : membership.governingFrom(chosenIndex + 1)) {
            if (!m.hasQuorum(ids)) {
                return false;
            }
        }
        return true;
    }

    private boolean tooFarBehind(long candidateFromIndex) {
        return candidateFromIndex - 1 + CANDIDATE_LAG_SLOTS_MAX < chosenIndex || candidateFromIndex <= compactedIndex;
    }

    private void onPromise(Promise m) {
        if (m.ballot().isPreVote()) {
            if (m.ballot().equals(preVoteBallot)) {
                preVotes.add(m.from());
                if (preVoteQuorum()) {
                    campaign();
                }
            }
            return;
        }
        if (role != Role.CANDIDATE || !m.ballot().equals(promised)) {
            return;
        }
        promises.put(m.from(), m);
        prepareVoters();
        if (phase1Quorum()) {
            becomeLeader();
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = id();
        lease.startLeading(promised);
        endTransfer();
        TreeMap<Long, LogEntry> recovered = new TreeMap<>();
        for (Promise p : promises.values()) {
            for (LogEntry e : p.accepted()) {
                LogEntry known = recovered.get(e.index());
                if (e.index() >= prepareFromIndex && (known == null || e.ballot().isAbove(known.ballot()))) {
                    recovered.put(e.index(), e);
                }
            }
        }
        long end = Math.max(chosenIndex, recovered.isEmpty() ? 0 : recovered.lastKey());
        Invariants.check(log.lastIndex(0) <= end, "own log end %s beyond recovered end %s", log.lastIndex(0), end);
        for (long slot = prepareFromIndex; slot <= end; slot++) {
            LogEntry e = recovered.get(slot);
            LogEntry mine = (e == null ? new LogEntry(slot, promised, new byte[0]) : e).restamp(promised);
            putEntry(mine);
            unpersisted.add(mine);
        }
        // A no-op in our own ballot after the recovered slots: once it is chosen, a quorum has
        // accepted this ballot (readiness means something even when there was nothing to recover),
        // and a deposed leader's proposals up to here learn their fate without waiting for traffic.
        LogEntry noop = new LogEntry(end + 1, promised, new byte[0]);
        putEntry(noop);
        unpersisted.add(noop);
        lastIndex = noop.index();
        leaderReadyIndex = noop.index();
        // Recovered slots count toward our own acceptance only once persisted in our ballot.
        persistedIndex = chosenIndex;
        progress.clear();
        heardFrom.clear();
        for (int peer : peers()) {
            Promise p = promises.get(peer);
            if (p == null) {
                // Unknown log: an empty Accept goes out at once and its answer says where to start.
                progress.put(peer, new Progress(0, chosenIndex + 1, true));
            } else {
                long known = Math.min(p.chosenIndex(), chosenIndex);
                progress.put(peer, new Progress(known, known + 1, false));
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
        // Each slot is its own Paxos instance: a batch that arrives before an earlier one (or after
        // a lost one) is accepted as it is; matchIndex only counts the contiguous prefix, and the
        // leader refills the hole when our reports stop advancing.
        for (LogEntry e : m.entries()) {
            if (e.index() > chosenIndex) {
                putEntry(e);
                unpersisted.add(e);
            }
        }
        lastIndex = Math.max(lastIndex, log.lastIndex(0));
        long match = localMatch(promised);
        chosenIndex = Math.max(chosenIndex, Math.min(m.chosenIndex(), match));
        long granted = lease.grant(m.from(), m.ballot(), m.leaseStart());
        outbox.add(new Accepted(id(), m.from(), promised, match, granted));
    }

    private void onAccepted(Accepted m) {
        if (role != Role.LEADER || !m.ballot().equals(promised)) {
            return;
        }
        heardFrom.add(m.from());
        Progress p = progress(m.from());
        // A follower cannot hold more of our ballot than we proposed; clamp a confused report.
        long reported = Math.min(m.matchIndex(), lastIndex);
        p.match = Math.max(p.match, reported);
        p.reported = reported;
        if (p.snapshotIndex > 0) {
            // The transfer is over once the follower holds the snapshot's slots; until then, acks
            // of the log do not move the pipeline (its next slots are compacted away).
            if (reported >= p.snapshotIndex) {
                p.snapshotIndex = 0;
                p.next = reported + 1;
            }
        } else if (p.probing) {
            // Only a reply covering the probe ends it: an older reply still in flight would rewind
            // the pipeline for nothing. A follower that lost its prefix in a restart reports less;
            // the next heartbeat probes again from there.
            if (reported >= p.probeFrom) {
                p.probing = false;
                p.stalledHeartbeats = 0;
                p.next = reported + 1;
            }
        } else {
            p.next = Math.max(p.next, reported + 1);
        }
        lease.granted(m.from(), m.leaseStart());
        advanceChosen();
        maybeHandOver();
    }

    /**
     * A leader gave up its lease (leader transfer). The grant we gave it is dropped; the target
     * campaigns at once unless it already promised a higher ballot than the sender's.
     */
    private void onRelinquish(Relinquish m) {
        lease.relinquished(m.from(), m.ballot(), m.floor());
        if (m.ballot().equals(promised)) {
            relinquishedBallot = m.ballot();
            relinquishedTicksLeft = config.electionTicks();
            Prepare ignored = ignoredPrepare;
            ignoredPrepare = null;
            if (ignored != null && !m.campaignNow() && ignored.ballot().isAbove(promised) && role != Role.LEADER) {
                // The target's Prepare overtook the handover: answer it now.
                onPrepare(ignored);
            }
        }
        if (m.campaignNow() && !promised.isAbove(m.ballot()) && role != Role.LEADER) {
            campaign();
        }
    }

    private void onReject(Reject m) {
        if (m.ballot().isAbove(promised)) {
            if (role != Role.FOLLOWER) {
                becomeFollower(-1);
            }
            return;
        }
        if (role == Role.LEADER && m.ballot().equals(promised)) {
            // Older replicas rejected an out-of-order batch this way; now only a liveness signal.
            heardFrom.add(m.from());
        }
    }

    /**
     * A chunk of the leader's snapshot. Ballot rules as for an Accept (it is the leader speaking).
     * A snapshot at or below our chosen index is old news: the reply says how far we are, which
     * ends the transfer at the leader.
     */
    private void onInstallSnapshot(InstallSnapshot m) {
        if (m.ballot().compareTo(promised) < 0) {
            outbox.add(new Reject(id(), m.from(), promised, localMatch(promised)));
            return;
        }
        if (m.ballot().isAbove(promised)) {
            promised = m.ballot();
            hardStateDirty = true;
        }
        becomeFollower(m.from());
        if (m.snapshotIndex() <= chosenIndex) {
            outbox.add(new Accepted(id(), m.from(), promised, localMatch(promised)));
        } else if (!snapshotReceiver.offer(m)) {
            outbox.add(new SnapshotAck(id(), m.from(), promised, m.snapshotIndex(),
                    snapshotReceiver.expected(m.snapshotIndex())));
        }
    }

    /** Queues a snapshot chunk; null (the snapshot is still being prepared) sends nothing. */
    private void sendChunk(InstallSnapshot chunk) {
        if (chunk != null) {
            outbox.add(chunk);
        }
    }

    private void onSnapshotAck(SnapshotAck m) {
        if (role != Role.LEADER || !m.ballot().equals(promised)) {
            return;
        }
        heardFrom.add(m.from());
        Progress p = progress(m.from());
        if (snapshotSender.acknowledged(p, m)) {
            outbox.addAll(snapshotSender.fill(id(), m.from(), promised, p));
        }
    }

    /**
     * The driver staged a chunk; after the last one the state machine holds the snapshot's state,
     * so every slot up to it is applied (hence chosen) and compacted. Only now does the reply
     * leave: an Accepted covering the snapshot's slots must be backed by durable state.
     */
    private void snapshotStaged(InstallSnapshot chunk) {
        snapshotReceiver.staged(chunk);
        long index = chunk.snapshotIndex();
        if (!chunk.last()) {
            outbox.add(new SnapshotAck(id(), chunk.from(), promised, index, snapshotReceiver.expected(index)));
            return;
        }
        Invariants.check(index > appliedIndex, "node %s installed snapshot %s at applied %s", id(), index,
                appliedIndex);
        appliedIndex = index;
        chosenIndex = Math.max(chosenIndex, index);
        compactedIndex = Math.max(compactedIndex, index);
        membership.installed(index, installedMembership != null ? installedMembership
                : Membership.ofVoters(config.members()));
        installedMembership = null;
        log.compact(index);
        lastIndex = Math.max(lastIndex, index);
        persistedIndex = Math.max(persistedIndex, index);
        outbox.add(new Accepted(id(), chunk.from(), promised, localMatch(promised)));
    }

    /**
     * The state machine made a durable snapshot at {@code snapshotIndex}. Compacts the log behind
     * it: all of it on a follower except {@code retainSlotsMax}; on a leader also what its
     * followers still lack, within the same bound. Returns the slot through which the driver must
     * truncate the durable log, or 0 when nothing more is compacted.
     */
    public long snapshotTaken(long snapshotIndex) {
        Invariants.check(snapshotIndex <= appliedIndex, "node %s snapshot at %s beyond applied %s", id(),
                snapshotIndex, appliedIndex);
        long through = Math.max(0, snapshotIndex - compaction.retainSlotsMax());
        if (role == Role.LEADER) {
            long needed = snapshotIndex;
            for (int peer : peers()) {
                needed = Math.min(needed, progress(peer).match);
            }
            through = Math.max(through, needed);
        }
        if (through <= compactedIndex) {
            return 0;
        }
        compactedIndex = through;
        log.compact(through);
        return through;
    }

    /**
     * Advances the chosen index as far as every slot has a quorum of the membership governing it:
     * slot by stretch between membership changes, each stretch with its own voters.
     */
    private void advanceChosen() {
        long chosen = chosenIndex;
        while (chosen < lastIndex) {
            Membership governing = membership.at(chosen + 1);
            List<Long> changes = membership.changesBetween(chosen, lastIndex);
            long stretchEnd = changes.isEmpty() ? lastIndex : changes.get(0);
            List<Long> matches = new ArrayList<>();
            for (int voter : governing.voters()) {
                matches.add(voter == id() ? persistedIndex : progress(voter).match);
            }
            matches.sort(null);
            long quorumMatch = Math.min(matches.get(matches.size() - governing.quorum()), stretchEnd);
            if (quorumMatch <= chosen) {
                break;
            }
            chosen = quorumMatch;
            if (chosen < stretchEnd) {
                break;
            }
        }
        if (chosen > chosenIndex) {
            chosenIndex = chosen;
            broadcastChosen = true;
        }
    }

    /**
     * Phase 1 is complete when the promises hold a quorum of every membership that may govern an
     * open slot: the one at the first open slot, every change in our log after it, and every change
     * a promiser reports. A chosen change was accepted by a quorum of its predecessor, which meets
     * any quorum of that predecessor, so following changes this way finds every chosen one.
     */
    private boolean phase1Quorum() {
        for (Membership m : phase1Memberships()) {
            if (!m.hasQuorum(promises.keySet())) {
                return false;
            }
        }
        return true;
    }

    private Set<Membership> phase1Memberships() {
        Set<Membership> all = new LinkedHashSet<>(membership.governingFrom(prepareFromIndex));
        for (Promise p : promises.values()) {
            for (LogEntry e : p.accepted()) {
                if (e.index() >= prepareFromIndex && Membership.isMembership(e.command())) {
                    all.add(Membership.decode(e.command()));
                }
            }
        }
        return all;
    }

    /** Sends our Prepare to every voter of every phase-1 membership not asked yet. */
    private void prepareVoters() {
        for (Membership m : phase1Memberships()) {
            for (int voter : m.voters()) {
                if (prepared.add(voter)) {
                    outbox.add(new Prepare(id(), voter, promised, prepareFromIndex));
                }
            }
        }
    }

    private void becomeFollower(int leader) {
        if (role == Role.LEADER) {
            lease.stopLeading();
            endTransfer();
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        if (leader != -1) {
            leaderSilentTicks = 0;
        }
        promises.clear();
        preVoteBallot = null;
        preVotes.clear();
        progress.clear();
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        electionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    /** Highest slot m such that every slot up to m holds a chosen value or ballot b's value. */
    private long localMatch(Ballot b) {
        return log.contiguousAfter(chosenIndex, b);
    }

    private List<LogEntry> acceptedFrom(long fromIndex) {
        return log.entries(fromIndex, Long.MAX_VALUE);
    }

    /** Sends the next batch from {@code p.next}, or an empty Accept when there is nothing to send. */
    private void sendAccept(int peer, Progress p) {
        if (p.next <= compactedIndex) {
            snapshotSender.start(p);
            outbox.addAll(snapshotSender.fill(id(), peer, promised, p));
            return;
        }
        long end = Math.min(lastIndex, p.next + config.entriesPerMessageMax() - 1);
        end = Math.min(end, p.match + PROPOSALS_INFLIGHT_MAX);
        List<LogEntry> entries = new ArrayList<>();
        long expected = p.next;
        for (LogEntry e : log.entries(p.next, end)) {
            Invariants.check(e.index() == expected, "leader %s has no entry at %s (last %s)", id(), expected,
                    lastIndex);
            expected++;
            // Slots at or below our chosen index hold chosen values: re-proposing them in our
            // ballot is safe and lets the follower treat the ballot stamp as proof.
            entries.add(e.restamp(promised));
        }
        Invariants.check(expected == Math.max(p.next, end + 1), "leader %s has no entry at %s (last %s)", id(),
                expected, lastIndex);
        p.next = Math.max(p.next, end + 1);
        outbox.add(new Accept(id(), peer, promised, entries, chosenIndex, lease.currentRequest()));
    }

    /** Collects everything the driver must do now. */
    public Ready ready() {
        if (role == Role.LEADER) {
            for (int peer : peers()) {
                Progress p = progress(peer);
                boolean sent = false;
                while (!p.probing && p.snapshotIndex == 0 && p.next <= lastIndex && p.inflight() < PROPOSALS_INFLIGHT_MAX) {
                    sendAccept(peer, p);
                    sent = true;
                }
                if (!sent && broadcastChosen) {
                    outbox.add(new Accept(id(), peer, promised, List.of(), chosenIndex, lease.currentRequest()));
                }
            }
            broadcastChosen = false;
        }
        // Several events may be handled before a drain: a snapshot chunk taken by one may be
        // overtaken by the log (slots past it chosen) by a later one.
        snapshotReceiver.abandonIfChosen(chosenIndex);
        List<LogEntry> committed = new ArrayList<>();
        for (long i = appliedIndex + 1; i <= chosenIndex; i++) {
            LogEntry e = log.get(i);
            Invariants.check(e != null, "chosen slot %s missing on node %s", i, id());
            committed.add(e);
        }
        return new Ready(List.copyOf(unpersisted), hardStateDirty ? new HardState(promised) : null,
                List.copyOf(outbox), committed, snapshotReceiver.pending());
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
            for (LogEntry e : ready.committed()) {
                membership.applied(e);
            }
            appliedIndex = ready.committed().get(ready.committed().size() - 1).index();
            log.applied(appliedIndex);
        }
        if (ready.snapshotChunk() != null) {
            snapshotStaged(ready.snapshotChunk());
        }
        if (role == Role.LEADER && !membership.applied().isVoter(id())) {
            // Our own removal is chosen: the remaining voters elect a leader among themselves.
            becomeFollower(-1);
        }
        if (role == Role.LEADER) {
            advanceChosen();
        }
    }

    /**
     * Appends a membership change as leader; returns its slot, or -1 when this replica is not a
     * ready leader, a change is still unchosen, the change is more than one replica, or the leader
     * is full. Waiting for readiness means our ballot has a chosen slot before we change who votes
     * (the single-server-change bug Raft fixed the same way).
     */
    public long proposeMembership(Membership next) {
        if (!isReadyLeader() || membership.hasUnchosenChange(chosenIndex)
                || !membership.latest().isSingleChangeTo(next)) {
            return -1;
        }
        return propose(next.encode());
    }

    /** The driver installed a snapshot whose state machine recorded {@code applied} as its membership. */
    public void snapshotInstalled(Membership applied) {
        installedMembership = applied;
    }
}
