package io.meridian.paxos.core;

import java.util.List;

/**
 * What the driver must do next, in this order: persist {@code entries} and {@code hardState}
 * (synced), then send {@code messages}, then apply {@code committed}, then stage
 * {@code snapshotChunk} (if non-null; the last chunk of a snapshot is installed, atomically
 * replacing the state machine's state, before the call returns), then call advance. The one
 * exception: messages {@link #maySendBeforePersist} may leave before the persist, so the
 * followers' syncs overlap the leader's own.
 */
public record Ready(List<LogEntry> entries, HardState hardState, List<PaxosMessage> messages,
        List<LogEntry> committed, PaxosMessage.InstallSnapshot snapshotChunk) {
    public Ready(List<LogEntry> entries, HardState hardState, List<PaxosMessage> messages, List<LogEntry> committed) {
        this(entries, hardState, messages, committed, null);
    }

    public boolean isEmpty() {
        return entries.isEmpty() && hardState == null && messages.isEmpty() && committed.isEmpty()
                && snapshotChunk == null;
    }

    /**
     * True for a leader's Accept when this Ready changes no promise. Raft's trick, sound here for
     * the same reasons: the leader counts its own acceptance of a slot only once {@link
     * PaxosNode#advance} says it is persisted, so a slot is chosen by a quorum of durable
     * acceptances whatever the leader's disk does; the Accept's ballot was promised durably before
     * the leader's Prepares left; and the Accept's chosen index counts only durable acceptances.
     * A crash between the send and the persist loses only the leader's own, uncounted, copy.
     */
    public boolean maySendBeforePersist(PaxosMessage message) {
        return hardState == null && message instanceof PaxosMessage.Accept;
    }

    /** Persisting must be synced whenever a promise or an accepted value would otherwise be lost. */
    public boolean mustSync() {
        return !entries.isEmpty() || hardState != null;
    }
}
