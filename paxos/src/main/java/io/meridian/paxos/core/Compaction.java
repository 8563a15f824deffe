package io.meridian.paxos.core;

/**
 * When a replica snapshots its state machine and how much log it keeps behind the snapshot.
 *
 * <p>The driver takes a snapshot once {@code snapshotEverySlots} slots were applied since the last
 * one (0: never, the log grows without bound). The log is then truncated up to the snapshot,
 * except that a leader keeps what its followers still lack, but never more than
 * {@code retainSlotsMax} slots behind the snapshot: a follower further back gets the snapshot.
 * {@code chunkBytesMax} bounds one InstallSnapshot message.
 */
public record Compaction(long snapshotEverySlots, long retainSlotsMax, int chunkBytesMax) {
    /** Never snapshot: the log is kept whole. */
    public static final Compaction NONE = new Compaction(0, 0, 1);
    /** 4 MiB chunks stay well under the transport's frame limit while keeping round trips few. */
    public static final int CHUNK_BYTES_DEFAULT = 4 * 1024 * 1024;

    public Compaction {
        if (snapshotEverySlots < 0 || retainSlotsMax < 0 || chunkBytesMax <= 0) {
            throw new IllegalArgumentException("compaction needs snapshotEverySlots >= 0, retainSlotsMax >= 0,"
                    + " chunkBytesMax > 0: " + snapshotEverySlots + ", " + retainSlotsMax + ", " + chunkBytesMax);
        }
    }

    /** Snapshot every 10 000 slots, keep up to 1 024 slots behind it for trailing followers. */
    public static Compaction defaults() {
        return new Compaction(10_000, 1_024, CHUNK_BYTES_DEFAULT);
    }

    public boolean enabled() {
        return snapshotEverySlots > 0;
    }
}
