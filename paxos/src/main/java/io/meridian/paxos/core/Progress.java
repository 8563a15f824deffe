package io.meridian.paxos.core;

/**
 * The leader's view of one follower's log (leader-only state, rebuilt for every ballot).
 *
 * <p>{@code match} only grows and is what commits count: every slot up to it holds, on that
 * follower's disk, the chosen value or this ballot's value. {@code reported} is what the follower
 * said most recently; it can be lower than {@code match} (a reordered reply, or a follower that
 * restarted and no longer knows which of its older entries were chosen), and retransmission starts
 * from it. {@code next} is where the pipeline continues. While {@code probing} the pipeline is
 * paused and one batch at a time goes out from {@code reported}, until a reply shows it landed.
 */
final class Progress {
    long match;
    long next;
    long reported;
    long reportedAtHeartbeat;
    int stalledHeartbeats;
    boolean probing;
    /** While probing: the first slot of the probe; a reply below it predates the probe. */
    long probeFrom;
    /**
     * Snapshot catch-up: the snapshot being sent (0: none), the offset the follower acknowledged,
     * the offset of the chunk last sent, the offset after it, and whether it was the last chunk.
     */
    long snapshotIndex;
    long snapshotOffset;
    long snapshotSentOffset;
    long snapshotSentEnd;
    boolean snapshotSentLast;

    Progress(long match, long next, boolean probing) {
        this.match = match;
        this.next = next;
        this.reported = match;
        this.reportedAtHeartbeat = -1;
        this.probing = probing;
        this.probeFrom = 0;
    }

    long inflight() {
        return next - 1 - match;
    }

    @Override
    public String toString() {
        return "match=" + match + " next=" + next + " reported=" + reported + (probing ? " probing" : "")
                + (snapshotIndex > 0 ? " snapshot=" + snapshotIndex + "@" + snapshotOffset : "");
    }
}
