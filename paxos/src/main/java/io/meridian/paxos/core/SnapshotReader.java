package io.meridian.paxos.core;

/**
 * The replica's newest durable snapshot of its state machine, read back in chunks for a follower
 * that needs it. Like {@link LogReader}, it returns only what was made durable, so reads are as
 * deterministic as the node's other inputs.
 */
public interface SnapshotReader {
    /** No snapshots: a node that never compacts its log never needs to send one. */
    SnapshotReader NONE = new SnapshotReader() {
        @Override
        public long latestIndex() {
            return 0;
        }

        @Override
        public SnapshotChunk read(long index, long offset, int bytesMax) {
            return null;
        }
    };

    /** The slot the newest snapshot stands for (everything up to it applied), or 0 when there is none. */
    long latestIndex();

    /**
     * Up to {@code bytesMax} bytes of the snapshot at {@code index} from {@code offset}, or null when
     * that snapshot is no longer the newest (a transfer then starts over with the newest one), or
     * {@link SnapshotChunk#PREPARING} while it cannot be read yet (asked again later; must not block).
     */
    SnapshotChunk read(long index, long offset, int bytesMax);
}
