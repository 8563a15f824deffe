package io.meridian.paxos.core;

import io.meridian.truetime.TimeInterval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Leader leases on TrueTime intervals, both halves of them; {@link PaxosNode} only calls hooks.
 *
 * <p><b>Leader.</b> Each heartbeat of a ready leader is a lease request stamped with
 * {@code start = now().earliest}, read before any message carrying it is built, so true time was at
 * or after {@code start} when every acceptor received it. An acceptor that accepts the Accept grants
 * and echoes {@code start}. Once a quorum (the leader counting itself) granted requests starting at
 * or after {@code s}, the leader holds the lease until {@code s + lease}, and uses it only while
 * {@code now().latest} is below that: the lease ends, in true time, no later than
 * {@code s + lease}.
 *
 * <p><b>Acceptor.</b> Granting at local interval {@code g}, it promises and pre-votes for no other
 * node's ballot until {@code now().earliest > g.latest + lease}: in true time after
 * {@code s + lease}. Any quorum that elects another leader shares an acceptor with the lease's
 * quorum, which either promised first (and then rejects the Accept, granting nothing) or waited the
 * grant out: two nodes never hold a lease at one true time, and a new leader exists only after the
 * old lease ended (the wait happens at the acceptors, during the election). A restarted replica
 * cannot know what it granted before the crash, so it helps no candidate for one lease length
 * (unless the whole group lives in its process, {@link LeaseClock#groupSharesProcess}).
 *
 * <p><b>Giving up.</b> A leader handing over (leader transfer) stops requesting, forgets its lease,
 * and then announces a floor: its own {@code now().latest}, at or above every start it has sent.
 * Acceptors drop grants to it in that ballot at or below the floor; later requests start above it.
 *
 * <p>Without a clock (a driver that passes none) leases are off: no lease is ever held and nobody
 * is refused for a lease's sake.
 */
final class LeaseKeeper {
    /** The lease field of an Accept or Accepted that requests or grants nothing. */
    static final long NO_REQUEST = 0;

    private final int self;
    private final int quorum;
    private final long leaseMicros;
    private final LeaseClock clock;

    // Acceptor half: the grant this replica gave.
    private int grantHolder = -1;
    private Ballot grantBallot = Ballot.ZERO;
    private long grantStart;
    private long grantEndLatest;
    private long blockAllUntil;
    private Ballot relinquishedBallot = Ballot.ZERO;
    private long relinquishedFloor;

    // Leader half, for the ballot this replica leads (null when it does not lead).
    private Ballot leaderBallot;
    private long requestStart = NO_REQUEST;
    private long requestStartMax = NO_REQUEST;
    private final Map<Integer, Long> grantedStart = new HashMap<>();
    private long floor;
    private long heldSinceLatest;
    private long leaseEnd;

    LeaseKeeper(int self, int quorum, long leaseMicros, LeaseClock clock) {
        this.self = self;
        this.quorum = quorum;
        this.leaseMicros = leaseMicros;
        this.clock = clock;
        if (clock != null && !clock.groupSharesProcess()) {
            // Whatever this replica granted before it (re)started is forgotten: wait it out.
            blockAllUntil = clock.now().latestMicros() + leaseMicros;
        }
    }

    boolean enabled() {
        return clock != null;
    }

    // ---- acceptor ------------------------------------------------------------------------------

    /** May this replica promise, or pre-vote for, a ballot of {@code candidate} now? */
    boolean mayHelp(int candidate) {
        if (clock == null) {
            return true;
        }
        long earliest = clock.now().earliestMicros();
        if (earliest <= blockAllUntil) {
            return false;
        }
        return grantHolder == -1 || grantHolder == candidate || earliest > grantEndLatest;
    }

    /**
     * This replica accepted an Accept of {@code ballot} from its leader carrying request
     * {@code start}; returns the start it grants (echoed to the leader), or {@link #NO_REQUEST}.
     */
    long grant(int leader, Ballot ballot, long start) {
        if (clock == null || start <= NO_REQUEST
                || (ballot.equals(relinquishedBallot) && start <= relinquishedFloor)) {
            return NO_REQUEST;
        }
        long end = clock.now().latestMicros() + leaseMicros;
        if (grantHolder != leader || !ballot.equals(grantBallot)) {
            grantHolder = leader;
            grantBallot = ballot;
            grantStart = start;
        } else {
            grantStart = Math.max(grantStart, start);
        }
        grantEndLatest = Math.max(grantEndLatest, end);
        return start;
    }

    /** The leader of {@code ballot} gave up every lease it requested at or before {@code floor}. */
    void relinquished(int leader, Ballot ballot, long givenUpFloor) {
        if (ballot.isAbove(relinquishedBallot)
                || (ballot.equals(relinquishedBallot) && givenUpFloor > relinquishedFloor)) {
            relinquishedBallot = ballot;
            relinquishedFloor = givenUpFloor;
        }
        if (grantHolder == leader && ballot.equals(grantBallot) && grantStart <= givenUpFloor) {
            grantHolder = -1;
            grantBallot = Ballot.ZERO;
            grantStart = 0;
            grantEndLatest = 0;
        }
    }

    // ---- leader --------------------------------------------------------------------------------

    void startLeading(Ballot ballot) {
        reset();
        leaderBallot = ballot;
    }

    void stopLeading() {
        reset();
    }

    private void reset() {
        leaderBallot = null;
        requestStart = NO_REQUEST;
        requestStartMax = NO_REQUEST;
        grantedStart.clear();
        floor = 0;
        heldSinceLatest = 0;
        leaseEnd = 0;
    }

    /**
     * A new request, for the next heartbeat: its start is read now, before any message carrying
     * it is built, and this replica grants it to itself.
     */
    long request() {
        if (clock == null || leaderBallot == null) {
            return NO_REQUEST;
        }
        TimeInterval now = clock.now();
        requestStart = Math.max(now.earliestMicros(), NO_REQUEST + 1);
        requestStartMax = Math.max(requestStartMax, requestStart);
        grantedStart.merge(self, grant(self, leaderBallot, requestStart), Math::max);
        recompute();
        return requestStart;
    }

    /** The request that Accepts carry now ({@link #NO_REQUEST} when not requesting). */
    long currentRequest() {
        return leaderBallot == null ? NO_REQUEST : requestStart;
    }

    /** Stops asking for leases (a leader transfer is under way); the lease held so far still runs. */
    void stopRequesting() {
        requestStart = NO_REQUEST;
    }

    /** {@code follower} granted the request that started at {@code start}. */
    void granted(int follower, long start) {
        // A follower cannot grant more than was asked; ignore a confused echo.
        if (leaderBallot == null || start <= NO_REQUEST || start > requestStartMax) {
            return;
        }
        grantedStart.merge(follower, start, Math::max);
        recompute();
    }

    private void recompute() {
        if (grantedStart.size() < quorum) {
            return;
        }
        List<Long> starts = new ArrayList<>(grantedStart.values());
        starts.sort(null);
        long quorumStart = starts.get(starts.size() - quorum);
        if (quorumStart > floor) {
            long nowLatest = clock.now().latestMicros();
            if (leaseEnd == 0 || nowLatest >= leaseEnd) {
                // (Re)acquired now, not extended: the lease has been held without a break since.
                heldSinceLatest = nowLatest;
            }
            leaseEnd = Math.max(leaseEnd, quorumStart + leaseMicros);
        }
    }

    /**
     * Gives up this ballot's lease (leader transfer): forgets it, stops requesting, drops its own
     * grant to itself, and returns the floor to announce to the acceptors.
     */
    long relinquish() {
        if (clock == null || leaderBallot == null) {
            return NO_REQUEST;
        }
        floor = Math.max(floor, Math.max(clock.now().latestMicros(), requestStartMax));
        requestStart = NO_REQUEST;
        leaseEnd = 0;
        heldSinceLatest = 0;
        relinquished(self, leaderBallot, floor);
        return floor;
    }

    /** True while this replica leads and holds a lease, by its own clock. */
    boolean valid() {
        return leaderBallot != null && leaseEnd > 0 && clock.now().latestMicros() < leaseEnd;
    }

    /** The lease ends at this TrueTime (valid while now().latest is below it); 0 when none is held. */
    long leaseEndMicros() {
        return leaderBallot == null ? 0 : leaseEnd;
    }

    /**
     * TrueTime latest when this replica acquired the lease it holds, extended without a break since
     * (so it has led, ready, in one ballot all that time); meaningful only while {@link #valid}.
     */
    long leaseSinceMicros() {
        return leaderBallot == null || leaseEnd == 0 ? 0 : heldSinceLatest;
    }
}
