package io.meridian.paxos.core;

/**
 * The leader's view of one follower's log (leader-only state, rebuilt for every ballot).
 *
 * <p>{@code match} only grows and is what commits count: every slot up to it holds, on that
 * follower's disk, the chosen value or this ballot's value. {@code reported} is what the follower
 * said most recently; it can be lower than {@code match} (a reordered reply, or a follower that
 * restarted and no longer knows which of its older entries were chosen), and retransmission starts
 * from it. {@code next} is where the pipeline continues.
 */
final class Progress {
    long match;
    long next;
    long reported;
    long reportedAtHeartbeat;
    boolean probing;

    Progress(long match, long next, boolean probing) {
        this.match = match;
        this.next = next;
        this.reported = match;
        this.reportedAtHeartbeat = -1;
        this.probing = probing;
    }

    long inflight() {
        return next - 1 - match;
    }

    @Override
    public String toString() {
        return "match=" + match + " next=" + next + " reported=" + reported + (probing ? " probing" : "");
    }
}
