package io.meridian.paxos.core;

import io.meridian.paxos.core.PaxosMessage.InstallSnapshot;

/**
 * The follower's half of snapshot catch-up: which snapshot it is staging and the next offset it
 * expects. Not durable: after a restart the follower asks for offset 0 and the transfer starts
 * over. At most one chunk waits in {@link Ready} for the driver to stage (or, for the last, install).
 */
final class SnapshotReceiver {
    private long index;
    private long nextOffset;
    private InstallSnapshot pending;

    /** Takes a chunk for staging if it is the next expected (offset 0 always restarts); false otherwise. */
    boolean offer(InstallSnapshot m) {
        if (pending != null) {
            return false;
        }
        if (m.offset() == 0) {
            index = m.snapshotIndex();
            nextOffset = 0;
        }
        if (m.snapshotIndex() != index || m.offset() != nextOffset) {
            return false;
        }
        pending = m;
        nextOffset += m.data().length;
        return true;
    }

    /** The offset to ask for next for the snapshot at {@code snapshotIndex}. */
    long expected(long snapshotIndex) {
        return snapshotIndex == index ? nextOffset : 0;
    }

    /**
     * Drops the chunk waiting for the driver when the log already chose past its snapshot (an
     * Accept handled in the same batch filled the gap): installing it would go back in time.
     */
    void abandonIfChosen(long chosenIndex) {
        if (pending != null && pending.snapshotIndex() <= chosenIndex) {
            pending = null;
            index = 0;
            nextOffset = 0;
        }
    }

    /** The chunk the driver must stage next, or null. */
    InstallSnapshot pending() {
        return pending;
    }

    /** The driver staged {@code chunk} (and installed it if it was the last). */
    void staged(InstallSnapshot chunk) {
        if (chunk == pending) {
            pending = null;
        }
        if (chunk.last()) {
            index = 0;
            nextOffset = 0;
        }
    }
}
