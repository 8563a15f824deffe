package io.meridian.paxos.core;

import io.meridian.paxos.core.PaxosMessage.InstallSnapshot;
import io.meridian.paxos.core.PaxosMessage.SnapshotAck;

/**
 * The leader's half of snapshot catch-up. A follower whose next slot is compacted away gets the
 * newest snapshot, one chunk in flight at a time. Only an acknowledgement that moves the transfer
 * forward sends the next chunk; anything else (loss, a follower that restarted and asks for offset
 * 0, a stale reply) waits for the next heartbeat, which resends the chunk at the current offset.
 * So replies never multiply messages, as in the log's own repair. If the snapshot is replaced by a
 * newer one mid-transfer, the transfer starts over with the newer one. While the snapshot is being
 * prepared ({@link SnapshotChunk#PREPARING}) nothing is sent; heartbeats ask again.
 */
final class SnapshotSender {
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
    }

    /** The chunk at the transfer's current offset (a resend if it was sent before), or null while the snapshot is prepared. */
    InstallSnapshot chunk(int self, int peer, Ballot ballot, Progress p) {
        SnapshotChunk chunk = reader.read(p.snapshotIndex, p.snapshotOffset, chunkBytesMax);
        if (chunk == null) {
            start(p);
            chunk = reader.read(p.snapshotIndex, 0, chunkBytesMax);
            Invariants.check(chunk != null, "newest snapshot %s unreadable", p.snapshotIndex);
        }
        if (chunk.preparing()) {
            return null;
        }
        p.snapshotSentOffset = p.snapshotOffset;
        return new InstallSnapshot(self, peer, ballot, p.snapshotIndex, p.snapshotOffset, chunk.data(), chunk.last());
    }

    /** Records an acknowledgement; returns true when it moved the transfer forward (send the next chunk now). */
    boolean acknowledged(Progress p, SnapshotAck ack) {
        if (p.snapshotIndex == 0 || ack.snapshotIndex() != p.snapshotIndex) {
            return false;
        }
        boolean forward = ack.nextOffset() > p.snapshotSentOffset;
        p.snapshotOffset = ack.nextOffset();
        return forward;
    }
}
