package io.meridian.paxos.core;

import io.meridian.paxos.core.PaxosMessage.InstallSnapshot;
import io.meridian.paxos.core.PaxosMessage.SnapshotAck;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's half of snapshot catch-up. A follower whose next slot is compacted away gets the
 * newest snapshot, up to {@link #CHUNKS_INFLIGHT_MAX} chunks in flight (a window, so a far follower
 * is not held to one chunk per round trip). Only an acknowledgement that moves the transfer forward
 * sends more, never more than the window holds; anything else (loss, a follower that restarted and
 * asks for offset 0, a stale reply) waits for the next heartbeat, which goes back to the
 * acknowledged offset and resends the one chunk there (go-back-N: the follower takes chunks only
 * in order). So replies never multiply messages, as in the log's own repair. If the snapshot is
 * replaced by a newer one mid-transfer, the transfer starts over with the newer one. While the
 * snapshot is being prepared ({@link SnapshotChunk#PREPARING}) nothing is sent; heartbeats ask again.
 */
final class SnapshotSender {
    /** Chunks sent and not yet acknowledged, per follower. */
    static final int CHUNKS_INFLIGHT_MAX = 4;

    private final SnapshotReader reader;
    private final int chunkBytesMax;

    SnapshotSender(SnapshotReader reader, int chunkBytesMax) {
        this.reader = reader;
        this.chunkBytesMax = chunkBytesMax;
    }

    /** Starts a transfer of the newest snapshot to the follower {@code p} describes. */
    void start(Progress p) {
        p.probing = false;
        p.snapshotIndex = reader.latestIndex();
        Invariants.check(p.snapshotIndex > 0, "follower needs slot %s but there is no snapshot", p.next);
        p.snapshotOffset = 0;
        p.snapshotSentOffset = -1;
        p.snapshotSentEnd = 0;
        p.snapshotSentLast = false;
    }

    /** Goes back to the acknowledged offset: the chunk there (a resend if it was sent before), or null while preparing. */
    InstallSnapshot chunk(int self, int peer, Ballot ballot, Progress p) {
        p.snapshotSentEnd = p.snapshotOffset;
        p.snapshotSentLast = false;
        return next(self, peer, ballot, p);
    }

    /** Chunks after the last one sent, as many as the window has room for (none while preparing). */
    List<InstallSnapshot> fill(int self, int peer, Ballot ballot, Progress p) {
        List<InstallSnapshot> out = new ArrayList<>();
        while (!p.snapshotSentLast && out.size() < CHUNKS_INFLIGHT_MAX
                && p.snapshotSentEnd - p.snapshotOffset < (long) CHUNKS_INFLIGHT_MAX * chunkBytesMax) {
            InstallSnapshot chunk = next(self, peer, ballot, p);
            if (chunk == null) {
                break;
            }
            out.add(chunk);
        }
        return out;
    }

    private InstallSnapshot next(int self, int peer, Ballot ballot, Progress p) {
        SnapshotChunk chunk = reader.read(p.snapshotIndex, p.snapshotSentEnd, chunkBytesMax);
        if (chunk == null) {
            start(p);
            chunk = reader.read(p.snapshotIndex, 0, chunkBytesMax);
            Invariants.check(chunk != null, "newest snapshot %s unreadable", p.snapshotIndex);
        }
        if (chunk.preparing()) {
            return null;
        }
        long offset = p.snapshotSentEnd;
        p.snapshotSentOffset = offset;
        p.snapshotSentEnd = offset + chunk.data().length;
        p.snapshotSentLast = chunk.last();
        return new InstallSnapshot(self, peer, ballot, p.snapshotIndex, offset, chunk.data(), chunk.last());
    }

    /** Records an acknowledgement; returns true when it moved the transfer forward (fill the window now). */
    boolean acknowledged(Progress p, SnapshotAck ack) {
        if (p.snapshotIndex == 0 || ack.snapshotIndex() != p.snapshotIndex) {
            return false;
        }
        boolean forward = ack.nextOffset() > p.snapshotOffset;
        p.snapshotOffset = ack.nextOffset();
        if (p.snapshotSentEnd < p.snapshotOffset) {
            // The follower holds more than we remember sending (we went back meanwhile): go on from there.
            p.snapshotSentEnd = p.snapshotOffset;
            p.snapshotSentLast = false;
        }
        return forward;
    }
}
