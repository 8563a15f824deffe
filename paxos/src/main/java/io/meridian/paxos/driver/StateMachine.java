package io.meridian.paxos.driver;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.SnapshotChunk;

/**
 * What a group replicates into. {@link #apply} must record the entry's index atomically with its
 * effects, and {@link #appliedIndex} must return that durable index after a restart.
 *
 * <p>An entry whose command {@link Membership#isMembership is a membership change} has no effect
 * on the state, but the state machine records its membership with the applied index (and in its
 * snapshots) and returns it from {@link #membership}: after a restart or a snapshot install that is
 * how the replica knows who votes.
 *
 * <p>Snapshots let the replica truncate its log. A state machine that keeps the defaults (no
 * snapshot support) must run with {@link io.meridian.paxos.core.Compaction#NONE}.
 */
public interface StateMachine {
    void apply(LogEntry entry);

    long appliedIndex();

    /** The membership of the newest membership entry applied (or installed by snapshot), null if none. */
    default Membership membership() {
        return null;
    }

    /** The slot the newest durable snapshot stands for, 0 when there is none. */
    default long snapshotIndex() {
        return 0;
    }

    /**
     * Makes a durable snapshot of the state at {@link #appliedIndex}, replacing the previous one, and
     * returns its index. Once it returns the log up to that index may be deleted, so everything the
     * snapshot covers must survive a crash.
     */
    default long snapshot() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take snapshots");
    }

    /**
     * Up to {@code bytesMax} bytes of the serialized snapshot at {@code index} from {@code offset}
     * (empty and last at its end), or null when that snapshot is no longer the newest.
     */
    default SnapshotChunk readSnapshot(long index, long offset, int bytesMax) {
        return null;
    }

    /**
     * Stages a chunk of another replica's snapshot; offset 0 discards whatever was staged before.
     * Staging does not touch the live state.
     */
    default void stageSnapshotChunk(long index, long offset, byte[] data) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not install snapshots");
    }

    /**
     * Replaces the whole state with the staged snapshot at {@code index}, atomically: after a crash
     * the state is either the old one or the snapshot's, never a mix. Afterwards
     * {@link #appliedIndex} and {@link #snapshotIndex} are {@code index}.
     */
    default void installSnapshot(long index) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not install snapshots");
    }
}
